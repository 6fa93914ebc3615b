import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serviceForSuite } from './support/service-process';
import { CLI, runCli, runCommand } from './support/cli-runner';
import { writeGeneratedBackup } from './support/generated-backup';
import { ruleBody } from './support/rule-bodies';

const TOKEN = 'cli-safety-admin-token-0123456789';

/**
 * Issue 22, safety: the built CLI as a child process — `-o -` to a pipe, `-o` to a FIFO and a
 * device, `restore -` and `repo restore -` from stdin, a full restore refusing an item backup,
 * and `| head -1` ending quietly.
 */
describe('strata CLI: pipes, special files, item backups (e2e)', () => {
  jest.setTimeout(60_000);
  let ruleId: string;
  let itemBackup: string;
  const { service, work } = serviceForSuite('cli-safety', TOKEN, {
    setup: async () => {
      const folder = await service.createItem({ type: 'folder', name: 'Estate' });
      ruleId = await service.createItem({ type: 'rule', name: 'Check Lengths', folderId: folder, content: ruleBody() });
      await service.createItem({ type: 'rule', name: 'Elsewhere', content: ruleBody() });
      itemBackup = path.join(work, 'one-rule.json');
      expect((await strata(['backup', ruleId, '-o', itemBackup])).code).toBe(0);
    },
    timeout: 180_000,
  });
  const env = () => ({ STRATA_URL: service.url, STRATA_TOKEN: TOKEN });
  const strata = (args: string[], input?: string | Buffer) => runCli(args, { cwd: work, env: env(), input });
  const shell = (script: string) =>
    runCommand('bash', ['-o', 'pipefail', '-c', script], { cwd: work, env: { ...env(), STRATA: `${process.execPath} ${CLI}` } });
  const names = async () => (await service.api('GET', '/api/items?limit=500')).body.items.map((i: { path: string }) => i.path).sort();

  it('-o - writes the backup to standard output (a pipe), and creates no file named "-"', async () => {
    const res = await strata(['backup', ruleId, '-o', '-']);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc).toMatchObject({ format: 'strata-backup', scope: 'items' });
    expect(doc.items.map((i: { name: string }) => i.name)).toEqual(['Estate', 'Check Lengths']);
    expect(res.stderr).toMatch(/^strata: wrote standard output \(\d+(\.\d)? [KB]+\)\n$/);
    const quiet = await strata(['repo', 'backup', '-o', '-', '-q', '--format', 'xml']);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.stdout).toContain('<Backup xmlns="http://schema.onespatial.com/radius/studio/v2"');
    expect(fs.existsSync(path.join(work, '-'))).toBe(false);
  });

  it('-o FIFO writes into the pipe in place: the FIFO is still a FIFO, no .part is left', async () => {
    const fifo = path.join(work, 'backup.fifo');
    execFileSync('mkfifo', [fifo]);
    const read = new Promise<string>((resolve, reject) => {
      let text = '';
      fs.createReadStream(fifo, 'utf8')
        .on('data', (c) => (text += c))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    const [res, text] = await Promise.all([strata(['repo', 'backup', '-o', fifo]), read]);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/^wrote .*backup\.fifo \(/);
    expect(JSON.parse(text).items).toHaveLength(3);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('-o to a device or a symlink to one writes in place; a symlink to a file keeps the link', async () => {
    const link = path.join(work, 'null-link');
    fs.symlinkSync('/dev/null', link);
    const res = await strata(['backup', ruleId, '-o', link]);
    expect(res.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    const real = path.join(work, 'real.json');
    fs.writeFileSync(real, 'old');
    const fileLink = path.join(work, 'latest.json');
    fs.symlinkSync(real, fileLink);
    expect((await strata(['backup', ruleId, '-o', fileLink])).code).toBe(0);
    expect(fs.lstatSync(fileLink).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, 'utf8')).scope).toBe('items');
    const dir = await strata(['backup', ruleId, '-o', work]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('is a directory');
  });

  it('restore - reads the backup from standard input', async () => {
    const res = await strata(['restore', '-', '--dry-run', '--json'], fs.readFileSync(itemBackup));
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ dryRun: true, files: [{ name: 'stdin', format: 'strata-json' }], counts: { ok: 1, renamed: 1 } });
    const twice = await strata(['restore', '-', '-'], '{}');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('standard input (-) can be given once');
  });

  it('a full restore refuses an item backup, saying so, and changes nothing; --allow-item-scope takes it after showing what it is', async () => {
    const before = await names();
    const refused = await strata(['repo', 'restore', itemBackup, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /one-rule\.json is not a backup of the whole repository \(scope items, made by admin on \d{4}-.*Nothing was changed.*--allow-item-scope/s,
    );
    expect(await names()).toEqual(before);

    const dry = await strata(['repo', 'restore', itemBackup, '--allow-item-scope', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Backup: scope items, made \d{4}-\S+ by admin, 2 items$/m);
    expect(dry.stdout).toMatch(/1 deleted, 0 replaced, 0 created, 2 unchanged/);
    expect(dry.stdout).toMatch(/^ {2}deleted\s+rule\s+\/Elsewhere$/m);
    expect(await names()).toEqual(before);
  });

  it('repo restore - reads the backup from standard input (with --yes), dry run and restore alike', async () => {
    const full = await strata(['repo', 'backup', '-o', '-', '-q']);
    await service.api('POST', '/api/items', { type: 'folder', name: 'Added After' });
    const res = await strata(['repo', 'restore', '-', '--yes'], full.stdout);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Dry run of a restore of the repository from standard input: 1 deleted/m);
    expect(res.stdout).toMatch(/^Backup: scope repository, made .* by admin, 3 items$/m);
    expect(res.stdout).toMatch(/restored the repository from standard input: 1 deleted, 0 replaced, 0 created, 3 unchanged/);
    expect(await names()).not.toContain('/Added After');
    const unconfirmed = await strata(['repo', 'restore', '-'], full.stdout);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
  });

  describe('when the reader goes away', () => {
    beforeAll(async () => {
      const big = path.join(work, 'big.json');
      await writeGeneratedBackup(big, 5_000);
      expect((await strata(['repo', 'restore', big, '--yes', '-q'])).code).toBe(0);
    }, 120_000);

    it.each([
      ['items', '$STRATA items | head -1', /^\/\S.*\t\S+\t[0-9a-f-]{36}\n$/],
      ['items --json', '$STRATA items --json | head -1', /^\[\n$/],
      ['repo backup -o -', '$STRATA repo backup -o - | head -c 20', /^\{"format":"strata-ba$/],
      [
        'restores show',
        '$STRATA restores show $($STRATA restores --json --kind repository | grep -m1 \'"id"\' | cut -d\\" -f4) | head -1',
        /^restore {3}[0-9a-f-]{36}\n$/,
      ],
    ])('%s | head: exit 0, nothing on stderr', async (_, script, first) => {
      const res = await shell(script);
      expect(res).toMatchObject({ code: 0, stderr: '' });
      expect(res.stdout).toMatch(first);
    });
  });
});
