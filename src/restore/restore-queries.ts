import { Inject, Injectable } from '@nestjs/common';
import { ViewDatabase } from '../read-model/view-database';
import { Page, decodeCursor, encodeCursor } from '../common/pagination';
import { DomainError } from '../common/errors';
import type { Actor } from '../core/command-meta';
import type { ReportItem, RestoreFile, RestoreKind, RestoreStatus, RollbackOptions } from './domain/restore.events';
import { commitTime } from '../audit/moment';
import { SqlConditions } from '../common/sql-conditions';

export interface RestoreRecord {
  id: string;
  kind: RestoreKind;
  user: { id: string; name: string };
  startedAt: string;
  finishedAt: string | null;
  status: RestoreStatus;
  dryRun: boolean;
  options: Record<string, unknown>;
  files: RestoreFile[];
  counts: Record<string, number>;
  position: string | null;
  error?: string;
  /** Rollbacks: the position and the moment the repository went back to. */
  rolledBackTo?: { position: string; at: string | null };
}

interface RestoreRow {
  id: string;
  kind: RestoreKind;
  user_id: string;
  user_name: string;
  started_at: string;
  finished_at: string | null;
  status: RestoreStatus;
  dry_run: number;
  options: string;
  files: string;
  counts: string;
  position: number | bigint | null;
  error: string | null;
}

export interface RestoreFilter {
  user?: string;
  kind?: RestoreKind;
  since?: string;
  until?: string;
  /** Only dry runs (true) or only restores that could change the repository (false). */
  dryRun?: boolean;
  limit: number;
  cursor?: string;
}

/** Restore records from the read model; users see their own, admins everyone's (SPEC §7). */
@Injectable()
export class RestoreQueries {
  constructor(@Inject(ViewDatabase) private readonly view: ViewDatabase) {}

  get(id: string, actor: Actor): RestoreRecord | undefined {
    const row = this.view.db.prepare('SELECT * FROM restores WHERE id = ?').get(id) as RestoreRow | undefined;
    if (!row || (actor.role !== 'admin' && row.user_id !== actor.userId)) return undefined;
    return this.toRecord(row);
  }

  list(filter: RestoreFilter, actor: Actor): Page<RestoreRecord> {
    const where = new SqlConditions();
    if (actor.role !== 'admin') where.add('user_id = ?', actor.userId);
    if (filter.user) where.add('(user_name = ? OR user_id = ?)', filter.user, filter.user);
    if (filter.kind) where.add('kind = ?', filter.kind);
    if (filter.since) where.add('started_at >= ?', filter.since);
    if (filter.until) where.add('started_at <= ?', filter.until);
    if (filter.dryRun !== undefined) where.add('dry_run = ?', filter.dryRun ? 1 : 0);
    if (filter.cursor) {
      const c = decodeCursor<[string, string]>(filter.cursor);
      if (!Array.isArray(c) || c.length !== 2) throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
      where.add('(started_at, id) < (?, ?)', c[0], c[1]);
    }
    const sql = `SELECT * FROM restores ${where.sql} ORDER BY started_at DESC, id DESC LIMIT ?`;
    const rows = this.view.db.prepare(sql).all(...where.params, filter.limit + 1) as RestoreRow[];
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => this.toRecord(r)), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.started_at, last.id]) : null };
  }

  /** All per-item outcomes in file order, a page at a time (for streaming a whole report). */
  *itemPages(id: string, size = 500): Generator<ReportItem[]> {
    const page = this.view.db.prepare('SELECT seq, item FROM restore_items WHERE restore_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    let after = -1;
    for (;;) {
      const rows = page.all(id, after, size) as { seq: number; item: string }[];
      if (rows.length === 0) return;
      yield rows.map((r) => JSON.parse(r.item) as ReportItem);
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /** Per-item outcomes in file order, paged. */
  items(id: string, limit: number, cursor?: string, status?: string): Page<ReportItem> {
    const after = cursor ? Number(decodeCursor<number>(cursor)) : -1;
    if (!Number.isInteger(after)) throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
    const rows = this.view.db
      .prepare(`SELECT seq, item FROM restore_items WHERE restore_id = ? AND seq > ? ${status ? 'AND status = ?' : ''} ORDER BY seq LIMIT ?`)
      .all(...[id, after, ...(status ? [status] : []), limit + 1]) as { seq: number; item: string }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => JSON.parse(r.item) as ReportItem),
      nextCursor: rows.length > limit && last ? encodeCursor(Number(last.seq)) : null,
    };
  }

  private toRecord(r: RestoreRow): RestoreRecord {
    const record = toRecord(r);
    if (record.kind === 'rollback' && typeof record.options.position === 'string') {
      const { position, at } = record.options as unknown as RollbackOptions;
      // Records written before the moment was kept hold only the position: its time is in the index.
      record.rolledBackTo = { position, at: at !== undefined ? at : commitTime(this.view, BigInt(position)) };
    }
    return record;
  }
}

function toRecord(r: RestoreRow): RestoreRecord {
  const record: RestoreRecord = {
    id: r.id,
    kind: r.kind,
    user: { id: r.user_id, name: r.user_name },
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    dryRun: r.dry_run === 1,
    options: JSON.parse(r.options),
    files: JSON.parse(r.files),
    counts: JSON.parse(r.counts),
    position: r.position === null ? null : String(r.position),
  };
  if (r.error) record.error = r.error;
  return record;
}
