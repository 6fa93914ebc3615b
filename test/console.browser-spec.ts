import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Download, Page } from 'playwright-core';
import { ADMIN_TOKEN, removeDir } from './support/test-app';
import { browserSuite, consoleForSuite, dropFiles, localInput, momentBetween, shot, signIn } from './support/console-browser';

const FIXTURE = path.join(__dirname, 'fixtures/1integrate/legacy-xml/Sample-Road-Checks--RoadsDoNotOverlapOtherRoads.xml');
const RULE = 'Roads do not overlap other Roads';
const RULE_PATH = `/Standard/Sample Road Checks/${RULE}`;
const PASSWORD = 'console-test-password-5d1f';

const suite = browserSuite('console browser tests');

/**
 * The admin console (issue 8) in headless Chromium against the real service: every step goes
 * through the browser and the REST API; screenshots land in test-output/screenshots.
 */
suite('admin console (browser)', () => {
  jest.setTimeout(90_000);
  let tmp: string;
  const moments: Record<string, string> = {};
  let specId: string;
  let repositoryBackup: string;
  const ui = consoleForSuite({
    context: { acceptDownloads: true },
    setup: async () => {
      specId = (await api('post', '/api/items').send({ type: 'discovery-spec', name: 'Find roads', content: {} }).expect(201)).body.id;
      moments.beforeRestores = await momentBetween();
    },
  });
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-console-'));
  });
  afterAll(() => {
    if (tmp) removeDir(tmp);
  });

  const api = (method: 'get' | 'post' | 'delete', url: string) => ui.t.admin()[method](url);
  const button = (name: string | RegExp) => ui.page.getByRole('button', { name });
  const treeItem = (name: string) => ui.page.getByRole('treeitem', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) });
  const dialog = () => ui.page.locator('dialog[open]').last();

  async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [file] = (await Promise.all([ui.page.waitForEvent('download'), click()])) as [Download, void];
    return { name: file.suggestedFilename(), text: fs.readFileSync((await file.path())!, 'utf8') };
  }

  async function openTools(entry: RegExp) {
    await button('Tools').click();
    await ui.page.getByRole('menuitem', { name: entry }).click();
  }

  async function expandFolder(name: string) {
    const row = treeItem(name);
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.click();
      await ui.page.keyboard.press('ArrowRight');
    }
    await expectAttr(row, 'aria-expanded', 'true');
  }

  async function expectAttr(locator: ReturnType<Page['locator']>, name: string, value: string) {
    await locator.waitFor();
    for (let i = 0; i < 100 && (await locator.getAttribute(name)) !== value; i++) await ui.page.waitForTimeout(50);
    expect(await locator.getAttribute(name)).toBe(value);
  }

  it('signs in with a token (a wrong one shows the API detail) and shows the user and role', async () => {
    await ui.page.goto(ui.base + '/');
    await ui.page.getByLabel('Access token').fill('not-a-valid-token-at-all');
    await button('Sign in').click();
    await expect(ui.page.getByRole('alert').textContent()).resolves.toContain('the token is not valid');
    await shot(ui.page, '01-sign-in');
    await ui.page.getByLabel('Access token').fill(ADMIN_TOKEN);
    await button('Sign in').click();
    await expect(ui.page.getByTestId('who').textContent()).resolves.toMatch(/Signed in as admin\s*admin/);
    expect(await ui.page.evaluate(() => (globalThis as any).sessionStorage.getItem('strata.token'))).toBe(ADMIN_TOKEN); // eslint-disable-line @typescript-eslint/no-explicit-any
    await treeItem('Find roads').waitFor();
    await shot(ui.page, '02-repository-empty');
  });

  it('restores a real legacy XML export dropped on the restore window, with every item listed', async () => {
    await openTools(/^Restore/);
    await dropFiles(ui.page, '[data-testid="drop-zone"]', [{ name: path.basename(FIXTURE), bytes: fs.readFileSync(FIXTURE), type: 'text/xml' }]);
    await dialog().getByRole('list', { name: 'Chosen files' }).getByText(path.basename(FIXTURE)).waitFor();
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog().getByRole('heading', { name: 'Restore report' }).waitFor();
    const rows = dialog().locator('tbody tr');
    const report = await rows.evaluateAll((trs) => trs.map((tr: any) => [...tr.querySelectorAll('td')].map((td: any) => td.textContent.trim()))); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(report).toEqual([
      ['ok', 'folder', '/Standard', '/Standard', ''],
      ['ok', 'folder', '/Standard/Sample Road Checks', '/Standard/Sample Road Checks', ''],
      ['ok', 'rule', RULE_PATH, RULE_PATH, ''],
    ]);
    await shot(ui.page, '03-restore-report');
    await dialog().getByRole('button', { name: 'Done' }).click();
    moments.afterFirstRestore = await momentBetween();
  });

  it('restores it again: the rule comes back renamed, and the list filters by outcome', async () => {
    await openTools(/^Restore/);
    await dropFiles(ui.page, '[data-testid="drop-zone"]', [{ name: path.basename(FIXTURE), bytes: fs.readFileSync(FIXTURE), type: 'text/xml' }]);
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog()
      .getByRole('button', { name: /^renamed/ })
      .click();
    const rows = dialog().locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(`${RULE_PATH} 2`);
    expect(await rows.first().getAttribute('data-status')).toBe('renamed');
    await shot(ui.page, '04-restore-renamed');
    await dialog().getByRole('button', { name: 'Upload more' }).click();
    await dialog().getByTestId('drop-zone').waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    moments.afterSecondRestore = await momentBetween();
  });

  it('restores a data store (browsing for the file), then sets its password and file from the report', async () => {
    const at = '2026-01-01T00:00:00.000Z';
    const meta = { description: 'Road centrelines', comments: '', createdBy: 'gis-team', createdAt: at, lastEditedBy: 'gis-team', lastEditedAt: at };
    const items = [
      { id: randomUUID(), type: 'folder', name: 'Stores', folderPath: '/', ...meta, content: {} },
      {
        id: randomUUID(),
        type: 'datastore',
        name: 'Roads GDB',
        folderPath: '/Stores',
        ...meta,
        content: {
          importType: 'FileGDB',
          importCredentials: [
            { name: 'Source Files (.gdb)', datatype: 'upload', value: null, displayValue: 'roads.zip' },
            { name: 'Password', datatype: 'password', value: null, displayValue: '****' },
          ],
        },
      },
    ];
    const file = path.join(tmp, 'stores.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'strata-backup', version: 1, scope: 'items', createdAt: at, createdBy: 'test', position: '0', items }));
    await openTools(/^Restore/);
    await dialog().locator('input[type="file"]').setInputFiles(file);
    await dialog().getByRole('button', { name: 'Upload' }).click();
    const row = dialog().locator('tbody tr', { hasText: 'Roads GDB' });
    await expect(row.textContent()).resolves.toMatch(/needs password.*needs files/);
    await row.getByRole('button', { name: /Enter password and files for Roads GDB/ }).click();
    const secrets = dialog();
    await secrets.getByRole('heading', { name: /Data store “Roads GDB”/ }).waitFor();
    await secrets.locator('input[type="password"]').fill(PASSWORD);
    await secrets.getByRole('button', { name: 'Set password' }).click();
    await secrets.getByRole('button', { name: 'Change password' }).waitFor();
    await expect(secrets.getByRole('status').first().textContent()).resolves.toContain('Still needs: files');
    await secrets.locator('input[type="file"]').setInputFiles({ name: 'roads-export.zip', mimeType: 'application/zip', buffer: Buffer.from('PK pretend zip') });
    await secrets.getByRole('button', { name: 'Upload file' }).click();
    await secrets.getByText('Nothing missing').waitFor();
    await shot(ui.page, '05-datastore-secrets');
    await secrets.getByRole('button', { name: 'Done' }).click();
    await dialog().getByRole('button', { name: 'Done' }).click();
    const stored = (await api('get', `/api/items/${items[1].id}`).expect(404)).body;
    expect(stored.code).toBe('NOT_FOUND'); // every restored item gets a new id
    const listed = (await api('get', '/api/items?type=datastore').expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ name: 'Roads GDB', needs: [] })]);
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);
  });

  it('navigates the tree by keyboard, multi-selects with Ctrl-click, shows details and backs the selection up', async () => {
    await expandFolder('Standard');
    // The children load after the folder opens: arrow down only once they are shown.
    await treeItem('Sample Road Checks').waitFor();
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowRight');
    await expectAttr(treeItem('Sample Road Checks'), 'aria-expanded', 'true');
    await treeItem(RULE).first().click();
    await ui.page.getByRole('heading', { name: RULE, exact: true }).waitFor();
    const details = ui.page.getByRole('region', { name: 'Details' });
    await expect(details.textContent()).resolves.toContain(RULE_PATH);
    await expect(details.textContent()).resolves.toMatch(/Created1Spatial/);
    await details.getByText('Nothing references it.').waitFor();
    await details.getByRole('button', { name: 'Show history' }).click();
    await details.getByRole('table').getByText('created').waitFor();
    await shot(ui.page, '06-tree-details');

    await treeItem(`${RULE} 2`).click({ modifiers: ['Control'] });
    await ui.page.getByRole('heading', { name: '2 items selected' }).waitFor();
    expect(await ui.page.getByRole('treeitem', { selected: true }).count()).toBe(2);
    await openTools(/^Backup 2 items/);
    const json = await download(() => dialog().getByRole('button', { name: 'Download backup' }).click());
    expect(json.name).toMatch(/^strata-backup-.*\.json$/);
    const names = JSON.parse(json.text).items.map((i: { name: string }) => i.name);
    expect(names).toEqual(['Standard', 'Sample Road Checks', RULE, `${RULE} 2`]);
    await dialog().getByLabel('1Integrate legacy XML').check();
    await shot(ui.page, '07-backup-dialog');
    const xml = await download(() => dialog().getByRole('button', { name: 'Download backup' }).click());
    expect(xml.name).toMatch(/\.xml$/);
    expect(xml.text).toContain('<Backup xmlns="http://schema.onespatial.com/radius/studio/v2"');
    await dialog().getByRole('button', { name: 'Done' }).click();
  });

  it('shows the 422 for a discovery specification in legacy XML plainly', async () => {
    await treeItem('Find roads').click();
    await openTools(/^Backup 1 item/);
    await dialog().getByLabel('1Integrate legacy XML').check();
    await dialog().getByRole('button', { name: 'Download backup' }).click();
    await expect(dialog().getByRole('alert').textContent()).resolves.toMatch(/discovery specification.*Find roads/i);
    await shot(ui.page, '08-backup-xml-422');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('admin: downloads a repository backup, then restores it after confirming what will change, with live progress', async () => {
    await ui.page.getByRole('link', { name: 'Admin' }).click();
    const backup = await download(() => button('Download repository backup').click());
    expect(JSON.parse(backup.text)).toMatchObject({ format: 'strata-backup', scope: 'repository' });
    repositoryBackup = path.join(tmp, backup.name);
    fs.writeFileSync(repositoryBackup, backup.text);

    await api('delete', `/api/items/${specId}`).expect(204);
    await api('post', '/api/items').send({ type: 'folder', name: 'Scratch' }).expect(201);

    const card = ui.page.getByRole('region', { name: 'Repository restore' });
    await dropFiles(ui.page, 'section[aria-labelledby="repo-restore-title"] [data-testid="drop-zone"]', [
      { name: path.basename(repositoryBackup), bytes: fs.readFileSync(repositoryBackup), type: 'application/json' },
    ]);
    await card.getByRole('button', { name: 'Check what would change' }).click();
    const summary = card.getByTestId('change-summary');
    await expect(summary.textContent()).resolves.toBe('This restore will delete 1 item, replace 0 items and create 1 item (6 unchanged).');
    await expect(card.getByText('To delete: 1').locator('..').textContent()).resolves.toContain('Scratch');
    await expect(card.getByText('To create: 1').locator('..').textContent()).resolves.toContain('Find roads');
    expect(await card.getByRole('button', { name: 'Restore repository' }).isDisabled()).toBe(true);
    await shot(ui.page, '09-repository-restore-confirm');
    await card.getByLabel(/I understand/).check();
    // Every state the progress bar goes through, as the user saw it.
    await ui.page.evaluate(() => {
      const g = globalThis as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      g.progressSeen = [];
      const record = () => {
        const bar = g.document.getElementById('repository-progress');
        const text = bar?.getAttribute('aria-valuetext');
        if (text && g.progressSeen[g.progressSeen.length - 1] !== text) g.progressSeen.push(text);
      };
      new g.MutationObserver(record).observe(g.document.body, { subtree: true, childList: true, attributes: true });
    });
    await card.getByRole('button', { name: 'Restore repository' }).click();
    await card.locator('progress#repository-progress').waitFor();
    await expect(card.getByTestId('change-result').textContent()).resolves.toMatch(/1 deleted, 0 replaced, 1 created, 6 unchanged/);
    expect(await card.locator('progress#repository-progress').getAttribute('value')).toBe('100');
    const seen: string[] = await ui.page.evaluate(() => (globalThis as any).progressSeen); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(seen[0]).toMatch(/^Upload, \d+%$/);
    expect(seen[seen.length - 1]).toBe('Done, 100%');
    await shot(ui.page, '10-repository-restore-done');
    const roots = (await api('get', '/api/items?folderId=root').expect(200)).body.items.map((i: { name: string }) => i.name);
    expect(roots).toEqual(['Find roads', 'Standard', 'Stores']);
  });

  it('admin: rolls back to a chosen moment after confirming what will change', async () => {
    const card = ui.page.getByRole('region', { name: 'Roll back' });
    await card.getByLabel('Roll back to').fill(localInput(moments.afterSecondRestore));
    await card.getByRole('button', { name: 'Check what would change' }).click();
    await expect(card.getByTestId('change-summary').textContent()).resolves.toMatch(/will delete 2 items, replace 0 items and create 0 items/);
    await expect(card.getByText('To delete: 2').locator('..').textContent()).resolves.toMatch(/Stores.*Roads GDB|Roads GDB.*Stores/);
    await shot(ui.page, '11-rollback-confirm');
    await card.getByLabel(/I understand/).check();
    await card.getByRole('button', { name: 'Roll back' }).click();
    await expect(card.getByTestId('change-result').textContent()).resolves.toMatch(/2 deleted, 0 replaced, 0 created/);
    const roots = (await api('get', '/api/items?folderId=root').expect(200)).body.items.map((i: { name: string }) => i.name);
    expect(roots).toEqual(['Find roads', 'Standard']);
  });

  it('history: lists the restores, filters them, shows per-item outcomes and an item history', async () => {
    await ui.page.getByRole('link', { name: 'History' }).click();
    const table = ui.page.locator('table.restores tbody tr');
    await table.first().waitFor();
    const kinds = await table.evaluateAll((trs) => trs.map((tr: any) => tr.dataset.kind)); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(kinds).toEqual(['rollback', 'repository', 'items', 'items', 'items']); // dry runs are hidden by default (issue 22)
    await ui.page.getByLabel('Kind').selectOption('rollback');
    await ui.page.getByLabel('Dry runs').selectOption('show');
    await button('Apply').click();
    await ui.page.waitForFunction(() => (globalThis as any).document.querySelectorAll('table.restores tbody tr').length === 2); // eslint-disable-line @typescript-eslint/no-explicit-any
    await ui.page.getByLabel('User').fill('nobody');
    await button('Apply').click();
    await ui.page.getByText('No restores match.').waitFor();
    await button('Clear').click();
    await ui.page.waitForFunction(() => (globalThis as any).document.querySelectorAll('table.restores tbody tr').length === 5); // eslint-disable-line @typescript-eslint/no-explicit-any
    await table
      .last()
      .getByRole('button', { name: /^Details/ })
      .click();
    const detail = ui.page.getByRole('region', { name: /items restore by admin/ });
    await detail.locator('tbody tr', { hasText: RULE }).waitFor();
    await shot(ui.page, '12-history');
    await detail.getByRole('button', { name: `History of ${RULE_PATH}` }).click();
    await expect(dialog().locator('tbody').textContent()).resolves.toMatch(/created — name: Roads do not overlap other Roads/);
    await shot(ui.page, '13-item-history');
    await dialog().getByRole('button', { name: 'Close' }).click();
  });

  it('shows the tree as it was at a chosen moment ("view as of")', async () => {
    await ui.page.getByRole('link', { name: 'Repository' }).click();
    await ui.page.getByLabel('View as of').fill(localInput(moments.afterFirstRestore));
    await ui.page.getByRole('button', { name: 'View', exact: true }).click();
    await ui.page.getByText(/Viewing the repository as it was on/).waitFor();
    await expandFolder('Standard');
    await expandFolder('Sample Road Checks');
    await treeItem(RULE).waitFor();
    expect(await ui.page.getByRole('treeitem', { name: /^Roads do not overlap/ }).count()).toBe(1);
    await button('Tools').click();
    expect(await ui.page.getByRole('menuitem', { name: 'Restore…' }).getAttribute('aria-disabled')).toBe('true');
    await ui.page.keyboard.press('Escape');
    await shot(ui.page, '14-view-as-of');
    await ui.page.getByLabel('View as of').fill(localInput(moments.beforeRestores));
    await ui.page.getByRole('button', { name: 'View', exact: true }).click();
    await treeItem('Find roads').waitFor();
    expect(await ui.page.getByRole('treeitem', { name: /^Standard/ }).count()).toBe(0);
    await button('Back to now').click();
    await treeItem('Standard').waitFor();
  });

  it('loads a large folder a page at a time', async () => {
    const bulk = (await api('post', '/api/items').send({ type: 'folder', name: 'Bulk' }).expect(201)).body.id;
    for (let i = 0; i < 105; i++)
      await api('post', '/api/items')
        .send({ type: 'folder', name: `Part ${i}`, folderId: bulk })
        .expect(201);
    await ui.page.reload();
    await expandFolder('Bulk');
    const parts = ui.page.getByRole('treeitem', { name: /^Part \d+/ });
    await ui.page.getByRole('treeitem', { name: /^Load more/ }).waitFor();
    expect(await parts.count()).toBe(100);
    await ui.page.getByRole('treeitem', { name: /^Load more/ }).click();
    await treeItem('Part 99').waitFor(); // the API pages by name: Part 0, 1, 10, 100…104, 11…
    expect(await parts.count()).toBe(105);
    expect(await parts.last().textContent()).toMatch(/^.?Part 99/);
    expect(await ui.page.getByRole('treeitem', { name: /^Load more/ }).count()).toBe(0);
  });

  it('admin: creates a user (token shown once); that user does not see Admin; deleting them ends their session', async () => {
    await ui.page.getByRole('link', { name: 'Admin' }).click();
    const users = ui.page.getByRole('region', { name: 'Users' });
    await users.getByLabel('Name').fill('viewer');
    await users.getByLabel('Role').selectOption('user');
    await users.getByRole('button', { name: 'Create user' }).click();
    const token = (await users.getByTestId('new-token').textContent())!.trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    await users.getByRole('cell', { name: 'viewer', exact: true }).waitFor();
    await shot(ui.page, '15-users');

    await button('Sign out').click();
    await ui.page.getByText('You are signed out.').waitFor();
    await signIn(ui.page, ui.base, token);
    await expect(ui.page.getByTestId('who').textContent()).resolves.toMatch(/viewer\s*user/);
    await treeItem('Standard').waitFor();
    expect(await ui.page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await ui.page.goto(ui.base + '/admin');
    await treeItem('Standard').waitFor();
    expect(await ui.page.getByRole('heading', { name: 'Administration' }).count()).toBe(0);
    await ui.page.getByRole('link', { name: 'History' }).click();
    await ui.page.getByText('No restores match.').waitFor(); // users see their own restores only
    await ui.page.setViewportSize({ width: 1024, height: 720 });
    await ui.page.getByRole('link', { name: 'Repository' }).click();
    await treeItem('Standard').click();
    await shot(ui.page, '16-user-without-admin-1024px');

    const viewer = (await api('get', '/api/users').expect(200)).body.items.find((u: { name: string }) => u.name === 'viewer');
    await api('delete', `/api/users/${viewer.id}`).expect(204);
    await ui.page.reload();
    await ui.page.getByText('Your token is no longer valid').waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
