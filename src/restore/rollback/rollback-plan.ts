import type Database from 'better-sqlite3';
import type { VersionRow } from '../../read-model/item-projection';
import { liveAt } from '../../read-model/live-at';
import type { ViewDatabase } from '../../read-model/view-database';
import type { RepositoryCounts } from '../repository-diff';

const PAGE = 1000;

/**
 * What a rollback to position `at` must do, from the versioned read model alone (SPEC §6, §7):
 * delete what is live now but was not then, recreate what was live then but is not now, put back
 * the version of then where it differs (by content hash). Paged; nothing held whole.
 */
export class RollbackPlan {
  private readonly then: string;

  private readonly db: Database.Database;

  constructor(
    private readonly view: ViewDatabase,
    readonly at: bigint,
  ) {
    this.db = view.db;
    this.then = liveAt(at, 'o');
  }

  counts(): RepositoryCounts {
    const one = (sql: string) => Number((this.db.prepare(sql).get() as { n: number }).n);
    return {
      deleted: one(`SELECT COUNT(*) AS n FROM item_versions v WHERE v.to_pos IS NULL AND NOT EXISTS
                     (SELECT 1 FROM item_versions o WHERE o.item_id = v.item_id AND ${this.then} AND o.type = v.type)`),
      created: one(`SELECT COUNT(*) AS n FROM item_versions o WHERE ${this.then} AND NOT EXISTS
                     (SELECT 1 FROM item_versions v WHERE v.item_id = o.item_id AND v.to_pos IS NULL AND v.type = o.type)`),
      replaced: one(`SELECT COUNT(*) AS n FROM item_versions o JOIN item_versions v ON v.item_id = o.item_id AND v.to_pos IS NULL
                     AND v.type = o.type WHERE ${this.then} AND v.content_hash != o.content_hash`),
      unchanged: one(`SELECT COUNT(*) AS n FROM item_versions o JOIN item_versions v ON v.item_id = o.item_id AND v.to_pos IS NULL
                     AND v.type = o.type WHERE ${this.then} AND v.content_hash = o.content_hash`),
    };
  }

  /** Versions live now to delete (their content is not read: a deletion does not carry it). */
  *deletions(): Generator<Omit<VersionRow, 'content'>[]> {
    const page = this.db.prepare(
      `SELECT v.* FROM item_versions v WHERE v.to_pos IS NULL AND v.item_id > ? AND NOT EXISTS
         (SELECT 1 FROM item_versions o WHERE o.item_id = v.item_id AND ${this.then} AND o.type = v.type)
       ORDER BY v.item_id LIMIT ${PAGE}`,
    );
    yield* pages(page);
  }

  /** Versions of then to recreate (`created`) or to put back (`replaced`). */
  *changes(): Generator<(VersionRow & { change: 'created' | 'replaced' })[]> {
    const page = this.db.prepare(
      `SELECT ${this.view.versionColumns('o')}, CASE WHEN v.item_id IS NULL THEN 'created' ELSE 'replaced' END AS change FROM item_versions o
         LEFT JOIN item_versions v ON v.item_id = o.item_id AND v.to_pos IS NULL AND v.type = o.type
        WHERE ${this.then} AND o.item_id > ? AND (v.item_id IS NULL OR v.content_hash != o.content_hash)
        ORDER BY o.item_id LIMIT ${PAGE}`,
    );
    yield* pages(page);
  }
}

function* pages<R extends { item_id: string }>(stmt: Database.Statement): Generator<R[]> {
  let after = '';
  for (;;) {
    const rows = stmt.all(after) as R[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].item_id;
  }
}
