import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, EventMetadata, NewEvent } from '../../event-store/event-store';
import { Projector } from '../../read-model/projector';
import { ViewDatabase } from '../../read-model/view-database';
import type { VersionRow } from '../../read-model/item-projection';
import { WriteGate } from '../../core/write-gate';
import { HeldClaim, RepositoryClaims } from '../../core/repository-claim';
import type { Actor } from '../../core/command-meta';
import { yieldToEventLoop } from '../../common/yield';
import { faultPoint } from '../../common/fault-points';
import { ItemType } from '../../repository/domain/item';
import { ItemEvent, itemStreamId } from '../../repository/domain/item.events';
import { versionWithContent } from '../../event-store/item-data-json';
import { itemDeleted, versionEvent } from '../../repository/domain/item.builders';
import { metadataOf } from '../../read-model/metadata-columns';
import { FolderPaths } from '../../repository/queries/folder-paths';
import { RestoreRecorder, restoreMetadata } from '../restore-recorder';
import { restoreStreamId, type ReportItem, type RollbackOptions } from '../domain/restore.events';
import { RollbackPlan } from './rollback-plan';
import { commitTime } from '../../audit/moment';
import type { RepositoryCounts } from '../repository-diff';

export interface RollbackResult {
  restoreId: string;
  kind: 'rollback';
  dryRun: boolean;
  position: string;
  rolledBackTo: string;
  /** The commit time of `rolledBackTo` (null: before the first commit). */
  rolledBackToAt: string | null;
  counts: RepositoryCounts;
}

/**
 * Rollback (SPEC §6): the repository becomes what it was at a past position, as one compensating
 * batch fed from the versioned read model — the same shape as a full restore, recorded as a
 * restore of kind `rollback`.
 */
@Injectable()
export class RollbackService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly view: ViewDatabase,
    private readonly projector: Projector,
    private readonly gate: WriteGate,
    private readonly recorder: RestoreRecorder,
    private readonly claims: RepositoryClaims,
  ) {}

  /** Claims the repository in the log (as a full restore does), then rolls it back under the gate. */
  async rollback(at: bigint, actor: Actor, { dryRun, asOf }: { dryRun: boolean; asOf?: string }): Promise<RollbackResult> {
    this.gate.assertWritable();
    // The record keeps the moment itself, not only the position: the audit shows when it went back to.
    const options: RollbackOptions = { position: at.toString(), at: commitTime(this.view, at), ...(asOf ? { asOf } : {}) };
    const id = randomUUID();
    const claim = await this.claims.claim(id, restoreMetadata(id, actor));
    let metadata: EventMetadata;
    try {
      ({ metadata } = await this.recorder.begin('rollback', actor, { dryRun, options: { ...options }, files: [] }, id));
    } catch (error) {
      await claim.release();
      throw error;
    }
    return this.gate
      .exclusive(id, () => this.commit(id, at, dryRun, metadata, claim, options.at ?? null))
      .catch(async (error: Error) => {
        await claim.release();
        await this.recorder.failed(id, error.message, metadata);
        throw error;
      });
  }

  private async commit(id: string, at: bigint, dryRun: boolean, metadata: EventMetadata, claim: HeldClaim, atTime: string | null): Promise<RollbackResult> {
    const plan = new RollbackPlan(this.view, at);
    const counts = plan.counts();
    const now = new FolderPaths(this.view.db).cache();
    const then = new FolderPaths(this.view.db).cache(at);
    // Exclusive: the gate keeps every other write out until the batch ends (see StageOptions).
    const batch = await this.store.stage({ exclusive: true });
    try {
      let reported = 0;
      const report = async (items: ReportItem[]) => {
        await batch.add(this.recorder.reportEvents(id, reported, items, metadata));
        reported += items.length;
        await faultPoint('mid-staging');
        await yieldToEventLoop();
      };
      for (const page of plan.deletions()) {
        if (!dryRun) await batch.add(page.map((v) => event(v.item_id, itemDeleted(), metadata)));
        await report(page.map((v) => outcome(v, 'deleted', now.pathOf(v.folder_id, v.name))));
      }
      for (const page of plan.changes()) {
        if (!dryRun) await batch.add(page.map((v) => pastVersion(v, metadata)));
        await report(page.map((v) => outcome(v, v.change, then.pathOf(v.folder_id, v.name))));
      }
      await batch.add([this.recorder.finished(id, { status: 'succeeded', finishedAt: new Date().toISOString(), counts: { ...counts } }, metadata)]);
      await faultPoint('before-commit');
      const { lastPosition } = await claim.commit(batch, { expected: new Map([[restoreStreamId(id), 0n]]) });
      await faultPoint('after-commit');
      await this.projector.waitFor(lastPosition);
      const position = lastPosition.toString();
      return { restoreId: id, kind: 'rollback', dryRun, position, rolledBackTo: at.toString(), rolledBackToAt: atTime, counts };
    } catch (error) {
      await batch.discard();
      throw error;
    }
  }
}

/**
 * The event that puts a past version back: created again, or replacing the current one, its
 * content's JSON spliced in as the view gives it (see withContentJson) rather than parsed and
 * serialised again.
 */
function pastVersion(v: VersionRow & { change: 'created' | 'replaced' }, metadata: EventMetadata): NewEvent {
  const fields = { name: v.name, folderId: v.folder_id, ...metadataOf(v) };
  return versionWithContent(v.item_id, versionEvent(v.change, v.item_id, v.type as ItemType, fields), v.content, metadata);
}

function outcome(v: Pick<VersionRow, 'item_id' | 'type'>, status: ReportItem['status'], path: string): ReportItem {
  return { file: '', sourceId: v.item_id, sourcePath: path, type: v.type, status, id: v.item_id, path, warnings: [] };
}

function event(id: string, e: ItemEvent, metadata: EventMetadata): NewEvent {
  return { streamId: itemStreamId(id), type: e.type, data: e.data, metadata };
}
