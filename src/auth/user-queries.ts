import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { Page, decodeCursor, encodeCursor } from '../common/pagination';
import { ViewDatabase } from '../read-model/view-database';
import type { Role } from './domain/user.events';
import type { UserState } from './domain/user.decider';

export interface UserDto {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

const toDto = (r: UserRow): UserDto => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at });

@Injectable()
export class UserQueries {
  constructor(@Inject(ViewDatabase) private readonly view: ViewDatabase) {}

  byTokenHash(hash: string): UserDto | undefined {
    const row = this.view.db.prepare('SELECT * FROM users WHERE token_hash = ? AND deleted = 0').get(hash) as UserRow | undefined;
    return row && toDto(row);
  }

  byId(id: string): UserDto | undefined {
    const row = this.view.db.prepare('SELECT * FROM users WHERE id = ? AND deleted = 0').get(id) as UserRow | undefined;
    return row && toDto(row);
  }

  /** The user's state as the read model has it (see user.decider.ts). */
  stateOf(id: string): UserState {
    const row = this.view.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as (UserRow & { token_hash: string; deleted: number }) | undefined;
    if (!row) return { status: 'none' };
    if (row.deleted) return { status: 'deleted' };
    return { status: 'active', id: row.id, name: row.name, role: row.role, tokenHash: row.token_hash };
  }

  byName(name: string): (UserDto & { tokenHash: string }) | undefined {
    const row = this.view.db.prepare('SELECT * FROM users WHERE name = ? AND deleted = 0').get(name) as (UserRow & { token_hash: string }) | undefined;
    return row && { ...toDto(row), tokenHash: row.token_hash };
  }

  /** Live users by name, a page at a time (names are unique among them). */
  list(limit: number, cursor?: string): Page<UserDto> {
    const after = cursor === undefined ? '' : decodeCursor<string>(cursor);
    if (typeof after !== 'string') throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
    const rows = this.view.db.prepare('SELECT * FROM users WHERE deleted = 0 AND name > ? ORDER BY name LIMIT ?').all(after, limit + 1) as UserRow[];
    const page = rows.slice(0, limit).map(toDto);
    return { items: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].name) : null };
  }

  count(): number {
    return Number((this.view.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n);
  }
}
