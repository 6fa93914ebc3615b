import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN } from './support/test-app';
import { browserSuite, consoleForSuite, dropFiles, shot } from './support/console-browser';

const RULES = path.join(__dirname, 'fixtures/1integrate/arcgis-rules');
const CENTERLINE = 'Sample-Centerline-Boundary-Integration-Checks.rules';
const PACKAGE = '/Transportation/Sample Centerline Boundary Integration Checks';

const suite = browserSuite('console .rules browser test');

/** Issue 17: the console's restore window takes 1Integrate for ArcGIS `.rules` exports, browsed for or dropped. */
suite('console: restoring a .rules export (browser)', () => {
  jest.setTimeout(90_000);
  const ui = consoleForSuite({ signInAs: ADMIN_TOKEN });
  const dialog = () => ui.page.locator('dialog[open]').last();
  const reportRows = () =>
    dialog()
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr: any) => [...tr.querySelectorAll('td')].map((td: any) => td.textContent.trim()))); // eslint-disable-line @typescript-eslint/no-explicit-any

  async function openRestore() {
    await ui.page.getByRole('button', { name: 'Tools' }).click();
    await ui.page.getByRole('menuitem', { name: /^Restore/ }).click();
  }

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
    await shot(ui.page, 'rules-restore-report');
    await dialog().getByRole('button', { name: 'Done' }).click();
  });

  it('restores a .rules export dropped on the restore window, recognised from its content', async () => {
    await openRestore();
    const bytes = fs.readFileSync(path.join(RULES, 'Essential-Geometry-Fixups.rules'));
    await dropFiles(ui.page, '[data-testid="drop-zone"]', [{ name: 'fixups.rules', bytes, type: '' }]);
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog().getByRole('heading', { name: 'Restore report' }).waitFor();
    const rows = await reportRows();
    expect(rows).toHaveLength(10);
    expect(rows.every(([status]) => status === 'ok')).toBe(true);
    expect(rows[9].slice(0, 3)).toEqual(['ok', 'action', '/Essential Geometry Fixups/01. Fix Essential Geometric Errors/Remove_Spikes']);
    await dialog().getByRole('button', { name: 'Done' }).click();
    expect(ui.pageErrors).toEqual([]);
  });
});
