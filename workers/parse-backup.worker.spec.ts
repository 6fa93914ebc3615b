import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import parseBackup, { WorkerMessage } from './parse-backup.worker';

// The task function in-process: the protocol on the port, without Piscina (see test/worker-pool.e2e-spec.ts).

const items = Array.from({ length: 25 }, (_, n) => ({ id: `id-${n}`, type: 'folder', name: `F${n}`, content: {} }));
const text = `{"format":"strata-backup","version":1,"items":[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}`;
const file = path.join(mkdtempSync(path.join(tmpdir(), 'strata-worker-')), 'backup.json');
writeFileSync(file, text);

const next = async (port: MessagePort) => (await once(port, 'message'))[0] as WorkerMessage;

/** Nothing arrives for a while: the worker is waiting. */
async function expectQuiet(port: MessagePort): Promise<void> {
  const arrived = jest.fn();
  port.on('message', arrived);
  await sleep(50);
  port.off('message', arrived);
  expect(arrived).not.toHaveBeenCalled();
}

describe('parseBackup (worker task)', () => {
  it('posts one chunk at a time and waits for the ack before reading on', async () => {
    const { port1, port2 } = new MessageChannel();
    const header = next(port1);
    const task = parseBackup({ filePath: file, port: port2, chunkSize: 10, chunkBytes: 1 << 20 });
    expect((await header).kind).toBe('header');
    for (const size of [10, 10, 5]) {
      await expectQuiet(port1);
      const message = next(port1);
      port1.postMessage('ack');
      const chunk = await message;
      expect(chunk.kind === 'items' && chunk.items.length).toBe(size);
    }
    port1.postMessage('ack');
    expect(await task).toEqual({ format: 'strata-json', itemCount: 25, bytes: Buffer.byteLength(text) });
    port1.close();
  });

  it('bounds a chunk by the bytes behind it as well as by its items', async () => {
    const big = Array.from({ length: 8 }, (_, n) => ({ id: `big-${n}`, type: 'folder', name: `B${n}`, description: 'x'.repeat(300_000), content: {} }));
    const bigFile = path.join(path.dirname(file), 'big.json');
    writeFileSync(bigFile, `{"format":"strata-backup","version":1,"items":[\n${big.map((i) => JSON.stringify(i)).join(',\n')}\n]}`);
    const { port1, port2 } = new MessageChannel();
    const sizes: number[] = [];
    port1.on('message', (message: WorkerMessage) => {
      if (message.kind === 'items') sizes.push(message.items.length);
      port1.postMessage('ack');
    });
    const task = parseBackup({ filePath: bigFile, port: port2, chunkSize: 100, chunkBytes: 512 * 1024 });
    expect((await task).itemCount).toBe(8);
    port1.close();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3); // ≈ 512 KiB of 300 KB items, give or take a read buffer
  });

  it('stops when the consumer closes its end of the port', async () => {
    const { port1, port2 } = new MessageChannel();
    const task = parseBackup({ filePath: file, port: port2, chunkSize: 10, chunkBytes: 1 << 20 });
    await sleep(50);
    port1.close();
    await expect(task).rejects.toThrow('The consumer stopped reading the backup');
  });

  it('rejects with a plain, cloneable InvalidBackupError', async () => {
    const bad = path.join(path.dirname(file), 'bad.txt');
    writeFileSync(bad, 'not a backup');
    const { port1, port2 } = new MessageChannel();
    const error = await parseBackup({ filePath: bad, port: port2, chunkSize: 10, chunkBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(error).toEqual({ name: 'InvalidBackupError', code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/neither JSON nor XML/) });
    expect(structuredClone(error)).toEqual(error);
    port1.close();
  });
});
