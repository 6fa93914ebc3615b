import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { openSqliteFile } from '../common/sqlite-file';
import type { Reference, ReferenceField } from '../repository/domain/item';
import type { ContentFacts } from './item-projection';

/** Rows of facts read at a time by the projection. */
const READ_AHEAD = 1_000;

/**
 * The content facts (see ContentFacts) of the item events one restore stages, written as it
 * stages them and read by the projection of its batch, which then hashes each content instead of
 * parsing it again. A scratch file of its own beside the restore's, so that memory holds a page of
 * facts, never the batch's. The rows are in the order of the events they are of, and are read in
 * that order as the projection meets the events (see `of`): no index, no lookups. An event with no
 * row (a folder, a data store) is made from its event alone, as every event of a log read without
 * the restore.
 */
export class ContentFactsFile {
  private readonly db: Database.Database;
  private readonly insert;
  private readonly read;
  private sealed = false;
  /** Rows read ahead, and the rowid of the last. */
  private ahead: FactsRow[] = [];
  private next = 0;
  private after = 0;

  constructor(
    private readonly file: string,
    /** The restore whose events these facts are of (their metadata's restoreId). */
    readonly restoreId: string,
  ) {
    this.db = openSqliteFile(file, 'scratch');
    try {
      // Rows are appended and read in order: a small cache is enough, and it is held while the batch is projected.
      this.db.pragma('cache_size = -2048');
      this.db.exec(
        'CREATE TABLE facts (seq INTEGER PRIMARY KEY, item_id TEXT NOT NULL, content_at INTEGER NOT NULL, complete INTEGER NOT NULL, refs TEXT NOT NULL)',
      );
      this.insert = this.db.prepare('INSERT INTO facts (item_id, content_at, complete, refs) VALUES (?, ?, ?, ?)');
      this.read = this.db.prepare('SELECT seq, item_id, content_at, complete, refs FROM facts WHERE seq > ? ORDER BY seq LIMIT ?');
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The facts of a page of staged item events' contents, in the order of the events. */
  add(page: readonly { itemId: string; facts: ContentFacts }[]): void {
    if (this.sealed) throw new Error('content facts are added before they are read');
    this.db.transaction(() => {
      for (const { itemId, facts } of page) {
        const refs = JSON.stringify(facts.refs.map((r) => [r.field, r.targetId]));
        this.insert.run(itemId, facts.contentAt, facts.complete ? 1 : 0, refs);
      }
    })();
  }

  /** Done adding: the projection may read them. */
  seal(): void {
    this.sealed = true;
  }

  /**
   * The facts of the restore's next content event, of item `itemId`, if the next row is its:
   * called for each such event in log order, the rows are met in the order they were added, and
   * an event with no row of its own leaves the next row for the event it is of.
   */
  of(itemId: string): ContentFacts | undefined {
    if (!this.sealed || !this.db.open) return undefined;
    if (this.next === this.ahead.length) {
      this.ahead = this.read.all(this.after, READ_AHEAD) as FactsRow[];
      this.next = 0;
      if (this.ahead.length === 0) return undefined;
      this.after = this.ahead[this.ahead.length - 1].seq;
    }
    const row = this.ahead[this.next];
    if (row.item_id !== itemId) return undefined;
    this.next++;
    const refs = (JSON.parse(row.refs) as [ReferenceField, string][]).map(([field, targetId]): Reference => ({ field, targetId }));
    return { contentAt: row.content_at, complete: row.complete === 1, refs };
  }

  /** Closes and removes the file. */
  close(): void {
    if (this.db?.open) this.db.close();
    fs.rmSync(this.file, { force: true });
  }
}

interface FactsRow {
  seq: number;
  item_id: string;
  content_at: number;
  complete: number;
  refs: string;
}
