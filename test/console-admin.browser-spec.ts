import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { ADMIN_TOKEN } from './support/test-app';
import { asText, backupDocument, backupItem } from './support/restore-helpers';
import { ruleBody } from './support/rule-bodies';
import { browserSuite, consoleForSuite, dropFiles, momentBetween, shot } from './support/console-browser';

const FIXTURE = path.join(__dirname, 'fixtures/1integrate/legacy-xml/Sample-Road-Checks--RoadsDoNotOverlapOtherRoads.xml');

const suite = browserSuite('console admin browser tests');
/* eslint-disable @typescript-eslint/no-explicit-any */
const rowsOf = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((trs) => trs.map((tr: any) => [...tr.querySelectorAll('td')].map((td: any) => td.textContent.trim())));

/**
 * Issue 22 in headless Chromium against the real service: "Restore now" after a dry run, history
 * counts from the record and its filters, shareable links, the item's id and body, rolling back to
 * before a restore, and the small things (own user row, Escape, type-ahead, time zones).
 */
suite('console: finishing the job (browser)', () => {
  jest.setTimeout(90_000);
  const ui = consoleForSuite({
    context: { viewport: { width: 1280, height: 900 }, acceptDownloads: true },
    permissions: ['clipboard-read', 'clipboard-write'],
    signInAs: ADMIN_TOKEN,
  });
  const ids: Record<string, string> = {};
  const button = (name: string | RegExp) => ui.page.getByRole('button', { name });
  const dialog = () => ui.page.locator('dialog[open]').last();
  const treeItem = (name: string) => ui.page.getByRole('treeitem', { name: new RegExp(`^${name}\\b`) });

  async function openRestore() {
    await button('Tools').click();
    await ui.page.getByRole('menuitem', { name: /^Restore/ }).click();
  }

  async function waitFor(what: string, check: () => Promise<boolean>) {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await ui.page.waitForTimeout(50);
    }
  }

  it('runs a dry run, says what "would be restored", then "Restore now" restores the same files', async () => {
    await openRestore();
    await dropFiles(ui.page, '[data-testid="drop-zone"]', [{ name: path.basename(FIXTURE), bytes: fs.readFileSync(FIXTURE), type: 'text/xml' }]);
    await dialog()
      .getByLabel(/Dry run/)
      .check();
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await dialog().getByRole('heading', { name: 'Restore report (dry run)' }).waitFor();
    await expect(dialog().getByTestId('restore-summary').textContent()).resolves.toBe('Dry run — nothing was written. 3 would be restored.');
    expect((await ui.t.admin().get('/api/items').expect(200)).body.items).toEqual([]);
    await shot(ui.page, 'issue22-01-dry-run-restore-now');
    await dialog().getByRole('button', { name: 'Restore now' }).click();
    await dialog().getByRole('heading', { name: 'Restore report', exact: true }).waitFor();
    await expect(dialog().getByTestId('restore-summary').textContent()).resolves.toBe('3 restored.');
    const names = (await ui.t.admin().get('/api/items?limit=500').expect(200)).body.items.map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['Roads do not overlap other Roads', 'Sample Road Checks', 'Standard']);
    await dialog().getByRole('button', { name: 'Done' }).click();
    const records = (await ui.t.admin().get('/api/restores?kind=items').expect(200)).body.items;
    expect(records.map((r: { dryRun: boolean; files: { name: string }[] }) => [r.dryRun, r.files.map((f) => f.name)])).toEqual([
      [false, [path.basename(FIXTURE)]],
      [true, [path.basename(FIXTURE)]],
    ]);
  });

  it('does not count existing folders it merges into as restored', async () => {
    await openRestore();
    await dropFiles(ui.page, '[data-testid="drop-zone"]', [{ name: 'again.xml', bytes: fs.readFileSync(FIXTURE), type: 'text/xml' }]);
    await dialog()
      .getByLabel(/Dry run/)
      .check();
    await dialog().getByRole('button', { name: 'Upload' }).click();
    await expect(dialog().getByTestId('restore-summary').textContent()).resolves.toBe(
      'Dry run — nothing was written. 1 would be restored (1 renamed), 2 existing folders would be merged into.',
    );
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('history: counts come from the record, filters ask the API, one "Load more"; dry runs hidden until asked for; a partly failed restore is not plain green', async () => {
    const items = Array.from({ length: 260 }, (_, i) =>
      backupItem({ type: 'rule', name: `Bulk ${String(i).padStart(3, '0')}`, folderPath: '/Bulk', content: ruleBody() }),
    );
    const doc = backupDocument([backupItem({ type: 'folder', name: 'Bulk' }), ...items, backupItem({ type: 'rule', name: 'Bad/Name', content: ruleBody() })]);
    const report = (await ui.t.admin().post('/api/restores').attach('files', Buffer.from(doc), 'bulk.json').expect(200)).body;
    expect(report.counts).toMatchObject({ ok: 261, failed: 1 });
    ids.bulkRestore = report.restoreId;

    await ui.page.getByRole('link', { name: 'History' }).click();
    const rows = ui.page.locator('table.restores tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2); // the dry run is hidden
    await expect(rows.first().locator('.status').textContent()).resolves.toBe('succeeded, 1 failed');
    expect(await rows.first().locator('.status').getAttribute('class')).toContain('status-partial');
    await ui.page.getByLabel('Dry runs').selectOption('show');
    await button('Apply').click();
    await waitFor('the two dry runs to be listed', async () => (await rows.count()) === 4);

    await rows
      .first()
      .getByRole('button', { name: /^Details/ })
      .click();
    const detail = ui.page.getByRole('region', { name: /items restore by admin/ });
    await waitFor('the first page', async () => /^200 of 262 shown/.test((await detail.getByTestId('outcomes-shown').textContent()) ?? ''));
    await expect(detail.getByRole('button', { name: /^All/ }).textContent()).resolves.toBe('All 262');
    await expect(detail.getByRole('button', { name: /^failed/ }).textContent()).resolves.toBe('failed 1');
    await expect(detail.getByRole('button', { name: /^ok/ }).textContent()).resolves.toBe('ok 261');
    await shot(ui.page, 'issue22-02-history-counts');
    await detail.getByRole('button', { name: /^failed/ }).click();
    await waitFor('the failed filter', async () => (await detail.getByTestId('outcomes-shown').textContent()) === '1 of 1 shown');
    expect(await rowsOf(ui.page, '.restore-detail tbody tr')).toEqual([['failed', 'rule', '/Bad/Name', '—', expect.stringContaining('"/"')]]);
    await detail.getByRole('button', { name: /^All/ }).click();
    await waitFor('the first page again', async () => /^200 of 262 shown/.test((await detail.getByTestId('outcomes-shown').textContent()) ?? ''));
    await detail.getByRole('button', { name: 'Load more' }).click();
    await waitFor('the second page', async () => (await detail.getByTestId('outcomes-shown').textContent()) === '262 of 262 shown');
    expect(await detail.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(new URL(ui.page.url()).searchParams.get('restore')).toBe(ids.bulkRestore);
  });

  it('opens shared links: the open restore, the selected item (its folders opened) and the as-of moment', async () => {
    const link = ui.page.url();
    // Someone else's browser tab: it signs in first, and the link still leads where it pointed.
    const other = await ui.context.newPage();
    await other.goto(link);
    await other.getByLabel('Access token').fill(ADMIN_TOKEN);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other
      .getByRole('region', { name: /items restore by admin/ })
      .getByText('262 shown', { exact: false })
      .waitFor();
    await shot(other, 'issue22-03-link-to-restore');

    const rule = (
      await ui.t
        .admin()
        .get(`/api/items?q=${encodeURIComponent('Bulk 007')}`)
        .expect(200)
    ).body.items[0];
    ids.rule = rule.id;
    const before = await momentBetween();
    await ui.t.admin().patch(`/api/items/${rule.id}`).send({ description: 'changed later' }).expect(200);
    await other.goto(`${ui.base}/?item=${rule.id}&asOf=${encodeURIComponent(before)}`); // the same tab keeps its sign-in
    await other.getByText(/Viewing the repository as it was on/).waitFor();
    const row = other.getByRole('treeitem', { name: /^Bulk 007\b/ });
    await row.waitFor();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(
      await other
        .getByRole('treeitem', { name: /^Bulk\b/ })
        .first()
        .getAttribute('aria-expanded'),
    ).toBe('true');
    const details = other.getByRole('region', { name: 'Details' });
    await details.getByRole('heading', { name: 'Bulk 007' }).waitFor();
    await expect(details.textContent()).resolves.not.toContain('changed later');
    await shot(other, 'issue22-04-link-to-item-as-of');
    await other.close();

    await ui.page.getByRole('link', { name: 'Repository' }).click();
    await treeItem('Standard').click();
    await waitFor('the selection in the address', async () => new URL(ui.page.url()).searchParams.get('item') !== null);
  });

  it("shows the item's id (with copy), its rule tree, and a data store's content; times name their zone", async () => {
    await ui.page.goto(`${ui.base}/?item=${ids.rule}`);
    const details = ui.page.getByRole('region', { name: 'Details' });
    await details.getByRole('heading', { name: 'Bulk 007' }).waitFor();
    await expect(details.getByTestId('item-id').textContent()).resolves.toBe(ids.rule);
    await details.getByRole('button', { name: 'Copy id' }).click();
    await details.getByText('Copied.').waitFor();
    expect(await ui.page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(ids.rule);
    const tree = details.getByTestId('rule-tree');
    const nodes = await tree.locator('.rule-node').allTextContents();
    expect(nodes).toEqual([
      'Rule',
      'Root Predicate classLabel = sys:edge objLabel = ',
      'Range Predicate minInclusive = true maxInclusive = true',
      'Builtin Fn Value length( … )',
      'Dynamic Value sys:edge.geometry',
      'Static Value 0 (double)',
      'Static Value 100 (double)',
    ]);
    expect(await tree.locator('li[data-level="5"]').count()).toBe(1);
    await expect(details.textContent()).resolves.toMatch(/Created.*\d{2}:\d{2}:\d{2} UTC/);
    await shot(ui.page, 'issue22-05-item-id-and-body');

    const store = (
      await ui.t
        .admin()
        .post('/api/items')
        .send({
          type: 'datastore',
          name: 'Vault',
          content: { importType: 'FileGDB', importCredentials: [{ name: 'pw', datatype: 'password', value: 'never-shown-9f' }] },
        })
        .expect(201)
    ).body;
    await ui.page.goto(`${ui.base}/?item=${store.id}`);
    const json = details.getByTestId('json-body');
    await json.waitFor();
    await expect(json.textContent()).resolves.toContain('"importType": "FileGDB"');
    await expect(json.textContent()).resolves.not.toContain('never-shown-9f');
  });

  it('Escape from the details returns focus to the tree; typing a name moves to it', async () => {
    await ui.page.goto(`${ui.base}/`);
    await treeItem('Bulk').click();
    await ui.page.keyboard.type('st');
    const focused = () => ui.page.evaluate(() => (globalThis as any).document.activeElement?.textContent ?? '');
    await waitFor('type-ahead to reach Standard', async () => (await focused()).startsWith('▸Standard'));
    await ui.page.keyboard.press('ArrowUp'); // back to Bulk; another key ends the typed prefix ("st")
    await ui.page.keyboard.type('v');
    await waitFor('type-ahead to reach Vault', async () => (await focused()).includes('Vault'));
    await ui.page.keyboard.press('Enter');
    await ui.page.getByRole('region', { name: 'Details' }).getByRole('button', { name: 'Show history' }).focus();
    await ui.page.keyboard.press('Escape');
    await waitFor('focus back in the tree', async () =>
      ui.page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('role') === 'treeitem'),
    );
    expect(await focused()).toContain('Vault');
  });

  it('backs up what is on screen while viewing a past moment (the repository as of then)', async () => {
    const moment = (await ui.t.admin().get('/api/restores?kind=items&dryRun=false').expect(200)).body.items[0].finishedAt as string;
    await ui.page.goto(`${ui.base}/?asOf=${encodeURIComponent(moment)}`);
    await ui.page.getByText(/Viewing the repository as it was on/).waitFor();
    await button('Tools').click();
    await ui.page.getByRole('menuitem', { name: /^Back up the repository as of/ }).click();
    const [file] = (await Promise.all([ui.page.waitForEvent('download'), dialog().getByRole('button', { name: 'Download repository backup' }).click()])) as [
      Download,
      void,
    ];
    const doc = JSON.parse(fs.readFileSync((await file.path())!, 'utf8'));
    expect(doc.scope).toBe('repository');
    expect(doc.items.map((i: { name: string }) => i.name)).not.toContain('Vault'); // made after that moment
    expect(doc.items).toHaveLength(3 + 261); // the fixture's folders and rule, the bulk folder and its rules
    await shot(ui.page, 'issue22-06-backup-as-of');
    await dialog().getByRole('button', { name: 'Done' }).click();
  });

  it('rolls back to before a restore from its details, after the usual confirmation', async () => {
    await ui.page.goto(`${ui.base}/history?restore=${ids.bulkRestore}`);
    const detail = ui.page.getByRole('region', { name: /items restore by admin/ });
    await detail.getByRole('button', { name: 'Roll back to before this restore…' }).click();
    const confirm = detail.getByRole('region', { name: 'Confirm this rollback' });
    await expect(confirm.getByTestId('change-about').textContent()).resolves.toMatch(/goes back to how it was after the change of .* UTC \(log position \d+\)/);
    // Everything made since goes: the bulk folder and its 260 rules, and the data store made later.
    await expect(confirm.getByTestId('change-summary').textContent()).resolves.toBe(
      'This rollback will delete 262 items, replace 0 items and create 0 items (3 unchanged).',
    );
    await shot(ui.page, 'issue22-07-rollback-before-restore');
    await confirm.getByLabel(/I understand/).check();
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await expect(detail.getByTestId('change-result').textContent()).resolves.toMatch(/262 deleted/);
    await ui.t.admin().get(`/api/items/${ids.rule}`).expect(404);
    const rollback = ui.page.locator('table.restores tbody tr[data-kind="rollback"]');
    await rollback.first().waitFor();
    await expect(rollback.first().locator('td.path').textContent()).resolves.toMatch(/^back to \d+ \w+ \d{4}, \d\d:\d\d:\d\d UTC$/);
  });

  it('admin: the full restore names the backup, refuses an item backup unless told, and your own user row offers no delete', async () => {
    const itemBackup = (
      await ui.t
        .admin()
        .post('/api/backups')
        .send({ ids: [(await ui.t.admin().get('/api/items?folderId=root').expect(200)).body.items[0].id] })
        .buffer(true)
        .parse(asText)
        .expect(200)
    ).body as string;
    await ui.page.getByRole('link', { name: 'Admin' }).click();
    const card = ui.page.getByRole('region', { name: 'Repository restore' });
    await dropFiles(ui.page, 'section[aria-labelledby="repo-restore-title"] [data-testid="drop-zone"]', [
      { name: 'items.json', bytes: Buffer.from(itemBackup), type: 'application/json' },
    ]);
    await card.getByRole('button', { name: 'Check what would change' }).click();
    await expect(card.getByRole('alert').textContent()).resolves.toMatch(/has "scope":"items", not "scope":"repository"/);
    await card.getByLabel(/Also take an item backup/).check();
    await card.getByRole('button', { name: 'Check what would change' }).click();
    await expect(card.getByTestId('change-about').textContent()).resolves.toMatch(
      /^items\.json: scope “items” — not of the whole repository, made .* UTC by admin, holding \d+ items\.$/,
    );
    await shot(ui.page, 'issue22-08-full-restore-names-the-backup');
    await card.getByRole('button', { name: 'Cancel' }).click();

    const users = ui.page.getByRole('region', { name: 'Users' });
    const own = users.locator('tr', { has: ui.page.getByRole('cell', { name: 'admin', exact: true }) }).first();
    await own.waitFor();
    expect(await own.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    await expect(own.textContent()).resolves.toContain('you');
    expect(ui.pageErrors).toEqual([]);
  });
});
