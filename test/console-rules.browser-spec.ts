import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, TestApp, removeDir, startApp } from './support/test-app';
import { buildIfNeeded } from './support/build';
import { CHROMIUM, dropFiles, haveChromium, launchChromium, shot } from './support/console-browser';

const RULES = path.join(__dirname, 'fixtures/1integrate/arcgis-rules');
const CENTERLINE = 'Sample-Centerline-Boundary-Integration-Checks.rules';
const PACKAGE = '/Transportation/Sample Centerline Boundary Integration Checks';

if (!haveChromium()) {
  console.warn(`console .rules browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}
const suite = haveChromium() ? describe : describe.skip;

/** Issue 17: the console's restore window takes 1Integrate for ArcGIS `.rules` exports, browsed for or dropped. */
suite('console: restoring a .rules export (browser)', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const dialog = () => page.locator('dialog[open]').last();
  const reportRows = () =>
    dialog()
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr: any) => [...tr.querySelectorAll('td')].map((td: any) => td.textContent.trim()))); // eslint-disable-line @typescript-eslint/no-explicit-any

  async function openRestore() {
    await page.getByRole('button', { name: 'Tools' }).click();
    await page.getByRole('menuitem', { name: /^Restore/ }).click();
  }

  beforeAll(async () => {
    buildIfNeeded();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(base + '/');
    await page.getByLabel('Access token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
  }, 180_000);

  // A failed step must not leave a modal window over the next one.
  afterEach(async () => {
    for (let i = 0; i < 3 && (await page.locator('dialog[open]').count()) > 0; i++) await page.keyboard.press('Escape');
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (t) removeDir(t.dataDir);
  });

  it('offers .rules files in the file picker and restores one browsed for, quick action skipped with the reason', async () => {
    await openRestore();
    const input = dialog().locator('input[type="file"]');
    expect((await input.getAttribute('accept'))?.split(',')).toContain('.rules');
    await input.setInputFiles(path.join(RULES, CENTERLINE));
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog().getByRole('heading', { name: 'Restore report' }).waitFor();
    expect(await reportRows()).toEqual([
      ['ok', 'folder', '/Transportation', '/Transportation', ''],
      ['ok', 'folder', PACKAGE, PACKAGE, ''],
      ['ok', 'rule', `${PACKAGE}/Check Right Left Boundary`, `${PACKAGE}/Check Right Left Boundary`, ''],
      ['ok', 'action', `${PACKAGE}/Report on Street Crossing`, `${PACKAGE}/Report on Street Crossing`, ''],
      ['skipped', 'quick-action', `${PACKAGE}/Report on Street`, '—', 'convert with Make Rule / Make Action first'],
      ['ok', 'rule', `${PACKAGE}/Streets Within Boundary`, `${PACKAGE}/Streets Within Boundary`, ''],
      ['ok', 'rule', `${PACKAGE}/Streets Within Correct Boundary`, `${PACKAGE}/Streets Within Correct Boundary`, ''],
    ]);
    await shot(page, 'rules-restore-report');
    await dialog().getByRole('button', { name: 'Done' }).click();
  });

  it('restores a .rules export dropped on the restore window, recognised from its content', async () => {
    await openRestore();
    const bytes = fs.readFileSync(path.join(RULES, 'Essential-Geometry-Fixups.rules'));
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: 'fixups.rules', bytes, type: '' }]);
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog().getByRole('heading', { name: 'Restore report' }).waitFor();
    const rows = await reportRows();
    expect(rows).toHaveLength(10);
    expect(rows.every(([status]) => status === 'ok')).toBe(true);
    expect(rows[9].slice(0, 3)).toEqual(['ok', 'action', '/Essential Geometry Fixups/01. Fix Essential Geometric Errors/Remove_Spikes']);
    await dialog().getByRole('button', { name: 'Done' }).click();
    expect(pageErrors).toEqual([]);
  });
});
