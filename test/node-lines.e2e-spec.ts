import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './support/build';
import { ServiceProcess } from './support/service-process';

const ROOT = path.resolve(__dirname, '..');
const TOKEN = 'node-lines-admin-token-0123456789';
const HPMS_RULES = path.join(__dirname, 'fixtures/1integrate/legacy-xml/HPMS--Rule-HPMS.xml');

/** The Node.js major lines a version range names, as in "^20.19.0 || ^24.0.0 || ^26.0.0". */
const linesOf = (range: string) => [...range.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1])).sort((a, b) => a - b);

/**
 * Issue 18 item 9: the Node.js lines Strata claims (package.json engines, the Dockerfile) are the
 * lines CI runs the whole suite on, and on whichever of them runs this suite the service starts,
 * restores a real export of 189 rules and templates through its workers and backs it up, without a single warning.
 */
describe('supported Node.js lines (e2e)', () => {
  jest.setTimeout(60_000);
  const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;

  it('names in engines exactly the lines .ci/run verifies, current LTS lines among them', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    const ciLines = /STRATA_CI_NODE_LINES:-([\d ]+)\}/
      .exec(ci)![1]
      .trim()
      .split(/\s+/)
      .map(Number)
      .sort((a, b) => a - b);
    expect(linesOf(engines)).toEqual(ciLines);
    expect(ciLines).toEqual(expect.arrayContaining([24, 26]));
    const dockerDefault = Number(/ARG NODE_MAJOR=(\d+)/.exec(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))![1]);
    expect(ciLines).toContain(dockerDefault);
  });

  it('runs on this Node, a line engines names, and prints no warning', async () => {
    expect(linesOf(engines)).toContain(Number(process.versions.node.split('.')[0]));
    buildIfNeeded();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-node-lines-'));
    const service = new ServiceProcess(dataDir, { STRATA_ADMIN_TOKEN: TOKEN });
    try {
      await service.start();
      service.token = TOKEN;
      const form = new FormData();
      form.append('files', new Blob([fs.readFileSync(HPMS_RULES)]), path.basename(HPMS_RULES));
      const restored = await service.api('POST', '/api/restores', form);
      expect(restored.status).toBe(200);
      expect(restored.body.counts.failed).toBe(0);
      expect(restored.body.items.filter((i: { type: string }) => i.type !== 'folder')).toHaveLength(189);
      const backup = await fetch(`${service.url}/api/admin/repository/backup?format=xml`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(backup.status).toBe(200);
      expect((await backup.text()).match(/<Item /g)).toHaveLength(189);
      expect(service.output).not.toMatch(/Warning|\(node:\d+\)/);
    } finally {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
