import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store';
import type { RestoreEvent } from '../restore/domain/restore.events';

/** Projects restore records (the audit of SPEC §7) into `restores` and `restore_items`. */
export class RestoreProjection {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      start: db.prepare(`INSERT OR REPLACE INTO restores
        (id, kind, user_id, user_name, started_at, finished_at, status, dry_run, options, files, counts, position, error)
        VALUES (@id, @kind, @userId, @userName, @startedAt, NULL, 'running', @dryRun, @options, @files, '{}', NULL, NULL)`),
      item: db.prepare('INSERT OR REPLACE INTO restore_items (restore_id, seq, status, item) VALUES (?, ?, ?, ?)'),
      finish: db.prepare(`UPDATE restores SET status = ?, finished_at = ?, counts = ?, position = ?, error = ?,
        files = COALESCE(?, files) WHERE id = ?`),
    };
  }

  apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as RestoreEvent;
    const id = recorded.streamId.slice('restore-'.length);
    switch (event.type) {
      case 'RestoreStarted': {
        const d = event.data;
        this.stmt.start.run({
          id,
          kind: d.kind,
          userId: d.userId,
          userName: d.userName,
          startedAt: d.startedAt,
          dryRun: d.dryRun ? 1 : 0,
          options: JSON.stringify(d.options),
          files: JSON.stringify(d.files),
        });
        return;
      }
      case 'RestoreItemsReported':
        event.data.items.forEach((item, i) => this.stmt.item.run(id, event.data.fromIndex + i, item.status, JSON.stringify(item)));
        return;
      case 'RestoreFinished': {
        const d = event.data;
        this.stmt.finish.run(
          d.status,
          d.finishedAt,
          JSON.stringify(d.counts),
          recorded.position,
          d.error ?? null,
          d.files ? JSON.stringify(d.files) : null,
          id,
        );
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`unknown restore event ${JSON.stringify(never)}`);
      }
    }
  }
}
