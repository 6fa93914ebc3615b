import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, Page, chromium } from 'playwright-core';
import { TestApp, listen, startApp, stopApp } from './test-app';

/** Debian's Chromium (apt-get install chromium), driven by playwright-core: no browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

export const haveChromium = () => fs.existsSync(CHROMIUM);

/** `describe` where Chromium is installed; elsewhere `describe.skip`, with a warning that `what` was skipped. */
export function browserSuite(what: string): jest.Describe {
  if (haveChromium()) return describe;
  console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return describe.skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling home on a closed network.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage', // containers often have a tiny /dev/shm
    ],
  });
}

/** The console of a browser suite: the app, where it listens, and Chromium with one page on it. */
export interface ConsoleSession {
  t: TestApp;
  /** The app's base URL (a loopback port). */
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** What the page threw (its uncaught errors). */
  pageErrors: string[];
}

/**
 * The console of a browser suite. A beforeAll hook starts the app (startApp) listening on a
 * loopback port, then Chromium and a context (1280×800, UTC, en-GB and 15 s timeouts; `context`
 * over those, `permissions` granted to the app's origin) with one page that collects its errors and
 * is signed in with `signInAs` when given, then runs `setup`. An afterEach hook closes the modal
 * windows a failed step may have left; an afterAll hook closes the browser, then the app, and
 * removes its data dir. The object returned (its `t` too) is filled in by the beforeAll hook.
 */
export function consoleForSuite(
  options: { context?: BrowserContextOptions; permissions?: string[]; signInAs?: string; setup?: (ui: ConsoleSession) => Promise<void> } = {},
): ConsoleSession {
  const ui = { t: {} as TestApp, pageErrors: [] as string[] } as ConsoleSession;
  beforeAll(async () => {
    Object.assign(ui.t, await startApp());
    ui.base = await listen(ui.t);
    ui.browser = await launchChromium();
    ui.context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', locale: 'en-GB', ...options.context });
    if (options.permissions) await ui.context.grantPermissions(options.permissions, { origin: ui.base });
    ui.context.setDefaultTimeout(15_000);
    ui.page = await ui.context.newPage();
    ui.page.on('pageerror', (error) => ui.pageErrors.push(error.message));
    if (options.signInAs) await signIn(ui.page, ui.base, options.signInAs);
    await options.setup?.(ui);
  }, 180_000);
  // A failed step must not leave a modal window over the next one.
  afterEach(async () => {
    for (let i = 0; i < 3 && (await ui.page.locator('dialog[open]').count()) > 0; i++) await ui.page.keyboard.press('Escape');
  });
  afterAll(async () => {
    await ui.browser?.close();
    if (ui.t.app) await stopApp(ui.t);
  });
  return ui;
}

/** Opens the console at `base` and signs in with `token`; resolves once it shows who is signed in. */
export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
}

/** A screenshot for reviewers, under test-output/screenshots (git-ignored). */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * A real drag and drop of files onto `selector`: a DataTransfer built in the page holding the
 * files' bytes, then dragenter, dragover and drop events carrying it.
 */
export async function dropFiles(page: Page, selector: string, files: { name: string; bytes: Buffer; type: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    // Runs in the page (the test's tsconfig has no DOM types).
    const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const transfer = new g.DataTransfer();
    for (const f of list) {
      const binary = g.atob(f.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new g.File([bytes], f.name, { type: f.type }));
    }
    return transfer;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer });
  await dataTransfer.dispose();
}

/** An ISO instant as the console's datetime-local inputs take it (the browser runs in UTC). */
export const localInput = (iso: string) => iso.slice(0, 19);

/**
 * A moment strictly between what happened before this call and what happens after it, to the
 * second (datetime-local inputs have seconds): the next whole second, once it has passed.
 */
export async function momentBetween(): Promise<string> {
  const moment = Math.ceil((Date.now() + 1) / 1000) * 1000;
  while (Date.now() <= moment + 20) await new Promise((r) => setTimeout(r, 25));
  return new Date(moment).toISOString();
}
