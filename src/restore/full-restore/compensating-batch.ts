import { type EventMetadata, type NewEvent, type StagedBatch } from '../../event-store/event-store';
import { ItemType } from '../../repository/domain/item';
import { itemDeleted, restoredVersion, versionEvent } from '../../repository/domain/item.builders';
import { itemStreamId } from '../../repository/domain/item.events';
import { versionWithContentAt } from '../../event-store/item-data-json';
import type { ContentFactsFile } from '../../read-model/content-facts-file';
import { takesContentFacts, type ContentFacts } from '../../read-model/item-projection';
import { joinPath, type PathCache } from '../../repository/queries/folder-paths';
import type { RestoreRecorder } from '../restore-recorder';
import type { ReportItem } from '../domain/restore.events';
import type { ItemChange, LiveItem } from '../repository-diff';

/**
 * Stages a full restore's compensating batch as the diff finds it: item events (none in a dry
 * run) and the per-item report, page by page, in one staged batch that commits or is discarded
 * whole. Deleting an item before recreating it with another type keeps its stream in order.
 */
export class CompensatingBatch {
  private reported = 0;
  private deleted = 0;

  constructor(
    private readonly batch: StagedBatch,
    private readonly recorder: RestoreRecorder,
    private readonly restoreId: string,
    private readonly metadata: EventMetadata,
    private readonly dryRun: boolean,
    private readonly fileName: string,
    private readonly paths: PathCache,
    /** Where the facts of the contents staged go, for the projection (none in a dry run). */
    private readonly facts: ContentFactsFile | null,
  ) {}

  /** Live items deleted by the deletions pass (not those deleted to be recreated with another type). */
  get deletions(): number {
    return this.deleted;
  }

  async deleteAll(items: readonly LiveItem[]): Promise<void> {
    this.deleted += items.length;
    await this.stage(
      items.map((item) => this.deletion(item)),
      items.map((item) => this.deletedReport(item)),
    );
  }

  async change(changes: readonly ItemChange[]): Promise<void> {
    const events: NewEvent[] = [];
    const report: ReportItem[] = [];
    const facts: { itemId: string; facts: ContentFacts }[] = [];
    for (const c of changes) {
      if (c.retyped) {
        events.push(this.deletion(c.retyped));
        report.push(this.deletedReport(c.retyped));
      }
      const { event, contentAt } = this.changeEvent(c);
      events.push(event);
      if (takesContentFacts(c.item.type)) facts.push({ itemId: c.item.sourceId, facts: { contentAt, refs: c.item.references, complete: c.item.complete } });
      const path = joinPath(c.item.folderPath, c.item.name);
      report.push({
        file: this.fileName,
        sourceId: c.item.sourceId,
        sourcePath: path,
        type: c.item.type,
        status: c.change,
        id: c.item.sourceId,
        path,
        warnings: [],
      });
    }
    await this.stage(events, report);
    this.facts?.add(facts);
  }

  private async stage(events: NewEvent[], report: ReportItem[]): Promise<void> {
    const reportEvents = this.recorder.reportEvents(this.restoreId, this.reported, report, this.metadata);
    this.reported += report.length;
    await this.batch.add(this.dryRun ? reportEvents : [...events, ...reportEvents]);
  }

  private deletion(item: LiveItem): NewEvent {
    const { type, data } = itemDeleted();
    return { streamId: itemStreamId(item.id), type, data, metadata: this.metadata };
  }

  private deletedReport(item: LiveItem): ReportItem {
    const path = this.paths.pathOf(item.folderId, item.name);
    return { file: this.fileName, sourcePath: path, type: item.type, status: 'deleted', id: item.id, path, warnings: [] };
  }

  /** The item's event, its content (stripped by the parser) spliced in as the parser serialised it, and where that starts. */
  private changeEvent({ change, item, folderId }: ItemChange): { event: NewEvent; contentAt: number } {
    const author = { userName: this.metadata.userName, at: this.metadata.at };
    const fields = restoredVersion(item.name, folderId, item, author);
    return versionWithContentAt(item.sourceId, versionEvent(change, item.sourceId, item.type as ItemType, fields), item.contentJson, this.metadata);
  }
}
