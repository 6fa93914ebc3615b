import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { Projector } from './projector';
import { ViewDatabase } from './view-database';

/** The real log, whose reads fail while `failing` says so (the log unreachable for a moment). */
class FlakyStore extends SqliteEventStore {
  failing = 0;

  override async *readAll(after: bigint, options?: { pageSize?: number; until?: bigint }): AsyncIterable<RecordedEvent> {
    if (this.failing > 0) {
      this.failing--;
      throw new Error('unavailable: the log could not be read');
    }
    yield* super.readAll(after, options);
  }
}

const event = (n: number): NewEvent => ({
  streamId: `other-${n}`,
  type: 'Noted',
  data: { n },
  metadata: { userId: 'u', userName: 'u', at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), correlationId: `c${n}`, causationId: `c${n}` },
});

describe('Projector after a failed catch-up (issue 21, finding 2)', () => {
  let dir: string;
  let store: FlakyStore;
  let view: ViewDatabase;
  let projector: Projector;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-projector-'));
    store = new FlakyStore(path.join(dir, 'events.db'));
    view = new ViewDatabase(path.join(dir, 'view.db'));
    projector = new Projector(store as EventStore, view);
    await projector.start();
  });
  afterEach(async () => {
    projector.stop();
    await store.close();
    view.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails the waiters of the failed run only, and serves the next command once a catch-up succeeds', async () => {
    const first = await store.append([event(1)]);
    await projector.waitFor(first.lastPosition);

    store.failing = 100; // every read fails for now
    const second = await store.append([event(2)]);
    await expect(projector.waitFor(second.lastPosition)).rejects.toThrow('unavailable');
    expect(projector.lastFailure).not.toBeNull();

    store.failing = 0; // the log is back
    const third = await store.append([event(3)]);
    await projector.waitFor(third.lastPosition);
    expect(projector.position).toBe(third.lastPosition);
    expect(projector.lastFailure).toBeNull();
  });

  it('tries again by itself, with no new command to wake it', async () => {
    store.failing = 2;
    const { lastPosition } = await store.append([event(1)]); // its notification's catch-up fails
    const until = Date.now() + 5000;
    while (projector.position < lastPosition && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(projector.position).toBe(lastPosition);
  });
});
