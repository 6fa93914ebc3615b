import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileStore } from './support/restore-helpers';
import { serviceForSuite } from './support/service-process';
import { eventually } from './support/eventually';

const TOKEN = 'abort-admin-token-0123456789ab';

/**
 * Issue 18 item 8: a client that gives up on an upload (a file, an item restore, a repository
 * restore) is an everyday event: one info line, no ERROR, no stack trace, nothing left behind.
 */
describe('a client giving up on an upload (e2e, child process)', () => {
  jest.setTimeout(30_000);
  let store: string;
  const { service } = serviceForSuite('abort', TOKEN, {
    setup: async () => {
      store = await service.createItem({ type: 'datastore', name: 'Abandoned', content: fileStore('big.bin') });
    },
    timeout: 180_000,
  });

  /** Sends the headers and part of the body, then drops the connection. */
  function abandon(method: string, url: string, contentType: string, firstPart: string): Promise<void> {
    return new Promise((resolve) => {
      const req = http.request(`${service.url}${url}`, {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': contentType, 'Content-Length': String(1_000_000) },
      });
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.write(firstPart, () => setTimeout(() => req.destroy(), 300));
    });
  }

  it('logs an info line, no error, and keeps nothing', async () => {
    const before = service.output.length;
    await abandon('PUT', `/api/items/${store}/files/big.bin`, 'application/octet-stream', 'x'.repeat(50_000));
    const boundary = 'abort-boundary';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.json"\r\n\r\n{"format":"strata-backup","items":[`;
    await abandon('POST', '/api/restores', `multipart/form-data; boundary=${boundary}`, part + ' '.repeat(50_000));
    await abandon('POST', '/api/admin/repository/restore', 'application/json', '{"format":"strata-backup","items":[' + ' '.repeat(50_000));
    // The service notices each one as it closes: three log lines, then nothing left in tmp/.
    await service.printed(/(the connection closed before the exchange ended[^]*){3}/, () => service.output.slice(before));
    await eventually(
      () => fs.readdirSync(path.join(service.dataDir, 'tmp')).filter((f) => !f.endsWith('.db')),
      (left) => left.length === 0,
      5_000,
    ).catch(() => undefined);
    const log = service.output.slice(before);
    expect(log).not.toMatch(/ERROR/);
    expect(log).not.toMatch(/\n\s+at /);
    expect(log.match(/the connection closed before the exchange ended/g) ?? []).toHaveLength(3);
    expect(fs.readdirSync(path.join(service.dataDir, 'tmp')).filter((f) => !f.endsWith('.db'))).toEqual([]);
    expect((await service.api('GET', '/api/health')).status).toBe(200);
  });
});
