import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), driven by playwright-core: no browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');

export const haveChromium = () => fs.existsSync(CHROMIUM);

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
