import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store';
import type { UserEvent } from '../auth/domain/user.events';

/** Projects user events into `users`. */
export class UserProjection {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      create: db.prepare('INSERT OR REPLACE INTO users (id, name, role, token_hash, created_at, deleted) VALUES (?, ?, ?, ?, ?, 0)'),
      token: db.prepare('UPDATE users SET token_hash = ? WHERE id = ?'),
      delete: db.prepare('UPDATE users SET deleted = 1 WHERE id = ?'),
    };
  }

  apply(recorded: RecordedEvent): void {
    const event = recorded as unknown as UserEvent;
    const id = recorded.streamId.slice('user-'.length);
    switch (event.type) {
      case 'UserCreated':
        this.stmt.create.run(id, event.data.name, event.data.role, event.data.tokenHash, event.data.at);
        return;
      case 'UserTokenReplaced':
        this.stmt.token.run(event.data.tokenHash, id);
        return;
      case 'UserDeleted':
        this.stmt.delete.run(id);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown user event ${JSON.stringify(never)}`);
      }
    }
  }
}
