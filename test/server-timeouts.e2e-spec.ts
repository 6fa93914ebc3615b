import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileStore } from './support/restore-helpers';
import { serviceForSuite } from './support/service-process';

const TOKEN = 'timeouts-admin-token-0123456789';
const HEADERS_MS = 500;
const REQUEST_MS = 3000;

/**
 * Issue 18 item 5: the server's timeouts are set on purpose and from the configuration: a short
 * one for headers (a slow-headers client cannot hold a socket), a generous, configurable one for
 * a whole request (restore uploads are large). Here both are made short to see them applied.
 */
describe('server timeouts (e2e, child process)', () => {
  jest.setTimeout(30_000);
  let store: string;
  const { service } = serviceForSuite('timeouts', TOKEN, {
    env: { STRATA_HEADERS_TIMEOUT_MS: String(HEADERS_MS), STRATA_REQUEST_TIMEOUT_MS: String(REQUEST_MS) },
    setup: async () => {
      store = await service.createItem({ type: 'datastore', name: 'Slow', content: fileStore('slow.bin') });
    },
    timeout: 180_000,
  });

  /**
   * Opens a raw connection, sends `head`, then one of `chunks` every `everyMs`; resolves a second
   * after the last chunk (or once the server has closed the connection) with what the server
   * answered and after how long it closed the connection (null: it did not).
   */
  function slowClient(head: string, chunks: string[], everyMs: number) {
    return new Promise<{ answer: string; closedAfterMs: number | null }>((resolve) => {
      const started = Date.now();
      let answer = '';
      let closedAfterMs: number | null = null;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        setTimeout(() => {
          socket.destroy();
          resolve({ answer, closedAfterMs });
        }, 1000);
      };
      const socket = net.connect(service.port, '127.0.0.1', () => {
        socket.write(head);
        const left = [...chunks];
        timer = setInterval(() => {
          if (socket.destroyed || left.length === 0) return finish();
          socket.write(left.shift()!);
        }, everyMs);
      });
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        closedAfterMs ??= Date.now() - started;
        finish();
      });
    });
  }

  it('drops a client that takes too long to send its headers', async () => {
    const { answer, closedAfterMs } = await slowClient('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', Array(40).fill('a'), 100);
    expect(closedAfterMs).not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(HEADERS_MS + 2000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('gives a whole request its own, longer time: a slow body within it arrives', async () => {
    const body = 'x'.repeat(20);
    const head = `PUT /api/items/${store}/files/slow.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const { answer } = await slowClient(head, [...body], 75);
    expect(answer).toMatch(/^HTTP\/1\.1 204 /);
  });

  it('ends a request that is still not complete after STRATA_REQUEST_TIMEOUT_MS', async () => {
    const head = `PUT /api/items/${store}/files/slow.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n`;
    const { closedAfterMs } = await slowClient(head, Array(80).fill('x'.repeat(100)), 100);
    expect(closedAfterMs).not.toBeNull();
    expect(closedAfterMs!).toBeGreaterThanOrEqual(REQUEST_MS - 100);
    expect(closedAfterMs!).toBeLessThan(REQUEST_MS + 2500);
    expect(fs.readdirSync(path.join(service.dataDir, 'tmp'))).toEqual([]);
  });
});
