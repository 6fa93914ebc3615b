import { jsonEvent } from '@eventstore/db-client';
import type { CommitLogReader } from './commit-log-reader';
import { readEach, readPage } from './esdb-io';
import type { ResilientClient } from './resilient-client';

/** Batch names reserved per journal event: one append of the journal per so many batches. */
const BLOCK = 100;

type JournalEvent =
  | { type: 'InstanceBooted'; data: { instance: string; boot: string; at: string; commitRevision: number } }
  | { type: 'BatchesReserved'; data: { boot: string; to: number } }
  | { type: 'BootSwept'; data: { boot: string; deleted: number } };

interface Boot {
  instance: string;
  boot: string;
  commitRevision: number;
  reservedTo: number;
  swept: boolean;
}

/**
 * The journal of staged batches (`<prefix>-journal`), so that a batch whose process died between
 * staging and its commit marker is found and deleted. Each process (a "boot" of an instance)
 * records itself, then reserves batch names in blocks: `<prefix>-batch-<boot>-<n>` for n below
 * the reservation. A boot is dead once its instance has booted again (instance ids are stable:
 * STRATA_INSTANCE_ID or the data dir's `instance-id`); the sweeper of any instance then reads the
 * markers committed since the dead boot began, deletes each reserved batch (and its ranges
 * streams) that no marker names, and records the boot as swept. Deleting is a soft delete: the
 * space comes back at the next scavenge (see README).
 */
export class BatchJournal {
  readonly stream: string;
  private next = 0;
  private reservedTo = -1;
  private reserving: Promise<void> | null = null;

  constructor(
    private readonly client: ResilientClient,
    private readonly prefix: string,
    readonly instance: string,
    readonly boot: string,
  ) {
    this.stream = `${prefix}-journal`;
  }

  /** Records this boot (before its first batch). */
  async begin(commitRevision: number): Promise<void> {
    await this.write({ type: 'InstanceBooted', data: { instance: this.instance, boot: this.boot, at: new Date().toISOString(), commitRevision } });
  }

  /** The name of the next staging stream, reserved in the journal before it is used. */
  async nextBatch(): Promise<string> {
    while (this.next > this.reservedTo) {
      this.reserving ??= this.write({ type: 'BatchesReserved', data: { boot: this.boot, to: this.reservedTo + BLOCK } })
        .then(() => void (this.reservedTo += BLOCK))
        .finally(() => (this.reserving = null));
      await this.reserving;
    }
    return this.batchName(this.boot, this.next++);
  }

  /** Deletes the uncommitted batches of dead boots; returns how many streams it deleted. */
  async sweep(reader: CommitLogReader): Promise<number> {
    let deleted = 0;
    for (const boot of await this.deadBoots()) {
      const committed = new Set<string>();
      for await (const { marker } of reader.markers(boot.commitRevision)) if (marker) committed.add(marker.batch);
      let swept = 0;
      for (let n = 0; n <= boot.reservedTo; n++) {
        const batch = this.batchName(boot.boot, n);
        if (committed.has(batch)) continue;
        swept += await this.deleteIfThere(batch);
        for (let k = 0; (await this.deleteIfThere(`${batch}-ranges-${k}`)) > 0; k++) swept++;
      }
      await this.write({ type: 'BootSwept', data: { boot: boot.boot, deleted: swept } });
      deleted += swept;
    }
    return deleted;
  }

  private batchName(boot: string, n: number): string {
    return `${this.prefix}-batch-${boot}-${n}`;
  }

  /** Boots superseded by a later boot of their instance and not swept yet (never this one). */
  private async deadBoots(): Promise<Boot[]> {
    const boots = new Map<string, Boot>();
    const latest = new Map<string, string>();
    for await (const stored of readEach(this.client, this.stream, 500)) {
      const e = { type: stored.type, data: stored.data } as JournalEvent;
      if (e.type === 'InstanceBooted' && typeof e.data?.boot === 'string') {
        boots.set(e.data.boot, {
          instance: e.data.instance,
          boot: e.data.boot,
          commitRevision: Number(e.data.commitRevision) || 0,
          reservedTo: -1,
          swept: false,
        });
        latest.set(e.data.instance, e.data.boot);
      } else if (e.type === 'BatchesReserved') {
        const boot = boots.get(e.data?.boot);
        if (boot && Number.isSafeInteger(e.data.to)) boot.reservedTo = Math.max(boot.reservedTo, e.data.to);
      } else if (e.type === 'BootSwept') {
        const boot = boots.get(e.data?.boot);
        if (boot) boot.swept = true;
      }
    }
    return [...boots.values()].filter((b) => !b.swept && b.boot !== this.boot && latest.get(b.instance) !== b.boot);
  }

  private async deleteIfThere(stream: string): Promise<number> {
    const head = await readPage(this.client, stream, 0n, 1);
    if (head.length === 0) return 0;
    await this.client.retry(() => this.client.raw.deleteStream(stream));
    return 1;
  }

  private async write(event: JournalEvent): Promise<void> {
    await this.client.append(this.stream, [jsonEvent(event)], 'any');
  }
}
