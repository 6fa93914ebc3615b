import fs from 'node:fs';
import path from 'node:path';
import { serviceForSuite } from './support/service-process';
import { CLI, runCli, runCommand } from './support/cli-runner';
import { writeGeneratedBackup } from './support/generated-backup';
import { ruleBody } from './support/rule-bodies';

const TOKEN = 'cli-scripting-admin-token-0123456789';

/** Issue 22, a scriptable CLI: --json everywhere, restores show, tokens out of argv, profiles, -q/-v, completion. */
describe('strata CLI for scripts (e2e)', () => {
  jest.setTimeout(60_000);
  const ids: Record<string, string> = {};
  const { service, work } = serviceForSuite('cli-scripting', TOKEN, {
    setup: async () => {
      const create = async (key: string, body: Record<string, unknown>) => (ids[key] = await service.createItem(body));
      // Named so that the API's order by name (Zeta's rule first) is not the tree's.
      await create('zeta', { type: 'folder', name: 'Zeta' });
      await create('alpha', { type: 'folder', name: 'Alpha', folderId: ids.zeta });
      await create('a', { type: 'rule', name: 'A Rule', folderId: ids.zeta, content: ruleBody() });
      await create('b', { type: 'rule', name: 'B Rule', folderId: ids.alpha, content: ruleBody() });
    },
    timeout: 180_000,
  });
  const env = () => ({ STRATA_URL: service.url, STRATA_TOKEN: TOKEN, XDG_CONFIG_HOME: path.join(work, 'config'), STRATA_CONFIG: '' });
  const strata = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: work, env: { ...env(), ...extra } });
  const json = async (args: string[]) => {
    const res = await strata([...args, '--json']);
    expect(res.stderr).toBe('');
    return JSON.parse(res.stdout);
  };

  it('lists items parents before children, and says when nothing matched', async () => {
    const res = await strata(['items']);
    expect(
      res.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['/Zeta', '/Zeta/A Rule', '/Zeta/Alpha', '/Zeta/Alpha/B Rule']);
    const none = await strata(['items', '--q', 'nothing-like-this']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toBe('strata: no items matched (named like "nothing-like-this")\n');
    expect((await strata(['items', '--q', 'nothing-like-this', '-q'])).stderr).toBe('');
    const listed = await json(['items', '--type', 'rule']);
    expect(listed.map((i: { path: string }) => i.path)).toEqual(['/Zeta/A Rule', '/Zeta/Alpha/B Rule']);
    expect(listed[0]).toMatchObject({ id: ids.a, type: 'rule', name: 'A Rule', folderId: ids.zeta, version: 1 });
    expect(listed[0].content).toBeUndefined();
  });

  it('says a file that is not a backup is not one', async () => {
    fs.copyFileSync(path.join(__dirname, '../package.json'), path.join(work, 'package.json'));
    const res = await strata(['restore', 'package.json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('strata: 422 Unprocessable Entity: "package.json": Not a Strata backup: the JSON document has no "format"\n');
  });

  it('--json on backup, restore and restores; restores show lists every outcome, paged, in text and JSON', async () => {
    expect(await json(['backup', ids.b, '-o', 'b.json'])).toEqual({ file: 'b.json', bytes: fs.statSync(path.join(work, 'b.json')).size });
    const big = path.join(work, 'many.json');
    const { items } = await writeGeneratedBackup(big, 700, 'items');
    const report = await json(['restore', big]);
    expect(report.counts.ok).toBe(items);
    const [record] = await json(['restores', '--kind', 'items']);
    expect(record).toMatchObject({ id: report.restoreId, status: 'succeeded', counts: { ok: items } });

    const shown = await json(['restores', 'show', report.restoreId]);
    expect(shown).toMatchObject({ id: report.restoreId, kind: 'items' });
    expect(shown.items).toHaveLength(items); // more than one page of 500
    expect(shown.items[items - 1]).toMatchObject({ status: 'ok', sourcePath: '/Generated 1/Rule 699' });
    const text = await strata(['restores', 'show', report.restoreId]);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe(`restore   ${report.restoreId}`);
    expect(lines).toContain('status    succeeded');
    expect(lines.find((l) => l.startsWith('file '))).toMatch(/^file {6}many\.json \(strata-json, \d+ bytes\)$/);
    expect(lines.filter((l) => /^ok {8}/.test(l))).toHaveLength(items);
    const failedOnly = await strata(['restores', 'show', report.restoreId, '--status', 'failed']);
    expect(failedOnly.stdout.trim().split('\n').pop()).toBe('no outcome is failed');
  });

  it('shows a restore with failed items as "succeeded with N failed", and filters dry runs', async () => {
    const bad = path.join(work, 'bad.json');
    const at = '2026-01-01T00:00:00.000Z';
    const item = {
      id: '00000000-0000-4000-8000-000000000001',
      type: 'rule',
      name: 'Bad/Name',
      folderPath: '/',
      description: '',
      comments: '',
      createdBy: 'x',
      createdAt: at,
      lastEditedBy: 'x',
      lastEditedAt: at,
      content: ruleBody(),
    };
    fs.writeFileSync(bad, `{"format":"strata-backup","version":1,"scope":"items","items":[\n${JSON.stringify(item)}\n]}\n`);
    expect((await strata(['restore', bad])).code).toBe(1);
    expect((await strata(['restore', bad, '--dry-run'])).code).toBe(1);
    const rows = (await strata(['restores', '--kind', 'items'])).stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows[0][2]).toBe('succeeded with 1 failed (dry run)');
    expect(rows[1][2]).toBe('succeeded with 1 failed');
    const real = await json(['restores', '--dry-runs', 'exclude']);
    const dry = await json(['restores', '--dry-runs', 'only']);
    expect(real.every((r: { dryRun: boolean }) => !r.dryRun) && dry.every((r: { dryRun: boolean }) => r.dryRun)).toBe(true);
    expect(dry).toHaveLength(1);
  });

  it('a dry run plan is complete in JSON and sorted by path in text', async () => {
    const backup = path.join(work, 'now.json');
    expect((await strata(['repo', 'backup', '-o', backup, '-q'])).code).toBe(0);
    for (let i = 0; i < 25; i++)
      await service.api('POST', '/api/items', { type: 'folder', name: `Extra ${String(25 - i).padStart(2, '0')}`, folderId: ids.alpha });
    const plan = await json(['repo', 'restore', backup, '--dry-run', '-q']); // -q: no progress lines on stderr
    expect(plan).toMatchObject({
      kind: 'repository',
      dryRun: true,
      counts: { deleted: 25, created: 0 },
      files: [{ backup: { scope: 'repository', createdBy: 'admin' } }],
    });
    expect(plan.items).toHaveLength(25);
    const text = await strata(['repo', 'restore', backup, '--dry-run']);
    const listed = text.stdout
      .split('\n')
      .filter((l) => /^ {2}deleted/.test(l))
      .map((l) => l.replace(/^ {2}deleted\s+folder\s+/, ''));
    expect(listed).toHaveLength(25);
    expect(listed[0]).toBe('/Zeta/Alpha/Extra 01');
    expect(listed).toEqual([...listed].sort());
    expect(text.stdout).not.toContain('more:');
    const done = await json(['repo', 'restore', backup, '--yes', '-q']);
    expect(done).toMatchObject({ status: 'succeeded', dryRun: false, counts: { deleted: 25 } });
    expect(done.items).toHaveLength(25);
  });

  it('rolls back with --json, saying the moment it went back to', async () => {
    const moment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await service.api('POST', '/api/items', { type: 'folder', name: 'Short Lived' });
    const dry = await strata(['repo', 'rollback', '--as-of', moment, '--dry-run']);
    expect(dry.stdout).toMatch(/^Back to: \d{4}-\d\d-\d\dT\S+Z \(position \d+\)$/m);
    const done = await json(['repo', 'rollback', '--as-of', moment, '--yes', '-q']);
    expect(done).toMatchObject({ kind: 'rollback', status: 'succeeded', rolledBackTo: { position: expect.any(String), at: expect.any(String) } });
    expect(done.items).toEqual([expect.objectContaining({ status: 'deleted', path: '/Short Lived' })]);
  });

  it('reads the token from --token-file or a profile; a profile named on the command line beats the environment', async () => {
    const tokenFile = path.join(work, 'token');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const noEnv = { STRATA_TOKEN: '', STRATA_URL: 'http://127.0.0.1:9' };
    const viaFile = await strata(['items', '--token-file', tokenFile, '--url', service.url], noEnv);
    expect(viaFile).toMatchObject({ code: 0, stderr: '' });
    const open = path.join(work, 'open-token');
    fs.writeFileSync(open, TOKEN, { mode: 0o644 });
    fs.chmodSync(open, 0o644);
    expect((await strata(['items', '--token-file', open, '--url', service.url], noEnv)).stderr).toContain(`${open} can be read by other users; chmod 600 it`);

    fs.mkdirSync(path.join(work, 'config/strata'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'config/strata/config.json'),
      JSON.stringify({
        defaultProfile: 'nowhere',
        profiles: { prod: { url: service.url, tokenFile: '../../token' }, nowhere: { url: 'http://127.0.0.1:9', tokenFile: '../../token' } },
      }),
    );
    const prod = await strata(['--profile', 'prod', 'items', '--type', 'folder'], noEnv);
    expect(prod).toMatchObject({ code: 0, stderr: '' });
    expect(prod.stdout).toContain('/Zeta\tfolder');
    // Without --profile, the environment beats the config's default profile.
    expect((await strata(['items', '--type', 'folder'], { STRATA_TOKEN: '' })).code).toBe(0);
    expect((await strata(['items'], { STRATA_URL: '', STRATA_TOKEN: '' })).stderr).toContain('cannot reach http://127.0.0.1:9');
    const unknown = await strata(['items', '--profile', 'staging']);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(/no profile "staging" in .*config\.json \(it has: prod, nowhere\)/);
    const none = await strata(['items'], { STRATA_TOKEN: '', XDG_CONFIG_HOME: path.join(work, 'empty') });
    expect(none.stderr).toMatch(/^strata: no token: pass --token-file FILE/);
  });

  it('-v shows each request and answer on stderr, never the token; -q and -v do not go together', async () => {
    const res = await strata(['items', '-v', '--q', 'B Rule']);
    expect(res.stderr).toMatch(new RegExp(`^strata: GET ${service.url}/api/items\\?q=B\\+Rule&limit=500\nstrata: 200 OK in \\d+ ms\n$`));
    expect(res.stderr + res.stdout).not.toContain(TOKEN);
    const both = await strata(['items', '-q', '-v']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '-q, --quiet' cannot be used with option '-v, --verbose'");
  });

  it('prints bash and zsh completion that completes commands, subcommands, choices and profile names', async () => {
    const script = path.join(work, 'strata.bash');
    fs.writeFileSync(script, (await strata(['completion', 'bash'])).stdout);
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'strata'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const complete = async (...words: string[]) => {
      const line = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _strata; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const res = await runCommand('bash', ['-c', line], { cwd: work, env: { ...env(), PATH: `${bin}:${process.env.PATH}` } });
      return res.stdout.trim().split('\n');
    };
    expect(await complete('strata', 're')).toEqual(['restore', 'repo', 'restores']);
    expect(await complete('strata', 'repo', '')).toEqual(expect.arrayContaining(['backup', 'restore', 'rollback']));
    expect(await complete('strata', 'repo', 'restore', '--a')).toEqual(['--allow-item-scope']);
    expect(await complete('strata', 'restores', 'show', '--status', 'f')).toEqual(['failed']);
    expect(await complete('strata', 'items', '--type', 'action-')).toEqual(['action-template', 'action-map']);
    expect(await complete('strata', '--profile', '')).toEqual(['prod', 'nowhere']);
    const zsh = await strata(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef strata\nautoload -U \+X bashcompinit && bashcompinit\n/);
    expect(zsh.stdout).toContain('complete -o default -F _strata strata');
    const wrong = await strata(['completion', 'fish']);
    expect(wrong.code).toBe(2);
  });
});
