import { DomainError } from '../common/errors';
import type { ViewDatabase } from '../read-model/view-database';

export interface MomentQuery {
  asOf?: string;
  position?: string;
}

/**
 * `asOf=<ISO time>` or `position=<n>` → the log position to answer as of (SPEC §7), from the
 * position ↔ time index; undefined when neither is given (now). A moment before the first event
 * is position 0 (an empty repository); a future moment or an unreadable one is 400, naming
 * `label` when the moment came in another parameter (`from`, `to`).
 */
export function resolveMoment(view: ViewDatabase, query: MomentQuery, label?: string): bigint | undefined {
  if (query.asOf !== undefined && query.position !== undefined) {
    throw new DomainError('VALIDATION_FAILED', 'give asOf or position, not both');
  }
  const head = view.checkpoint();
  if (query.position !== undefined) {
    const name = label ?? 'position';
    if (!/^\d{1,18}$/.test(query.position)) throw new DomainError('VALIDATION_FAILED', `${name} must be a non-negative integer`);
    const position = BigInt(query.position);
    if (position > head) throw new DomainError('VALIDATION_FAILED', `${name} ${position} is in the future (the log is at ${head})`);
    return position;
  }
  if (query.asOf !== undefined) {
    const name = label ?? 'asOf';
    const time = parseTime(query.asOf, name);
    if (time.getTime() > Date.now()) throw new DomainError('VALIDATION_FAILED', `${name} ${query.asOf} is in the future`);
    const row = view.db.prepare('SELECT MAX(position) AS p FROM commits WHERE at <= ?').get(time.toISOString()) as { p: number | bigint | null };
    return row.p === null ? 0n : BigInt(row.p);
  }
  return undefined;
}

/** The time of the last commit at or before `position` (null: before the first commit). */
export function commitTime(view: ViewDatabase, position: bigint): string | null {
  const row = view.db.prepare('SELECT at FROM commits WHERE position <= ? ORDER BY position DESC LIMIT 1').get(position) as { at: string } | undefined;
  return row?.at ?? null;
}

// ISO 8601 date-times only: Date.parse alone would also take "12/1" or "tomorrow"-like strings.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

export function parseTime(value: string, name: string): Date {
  const parts = ISO_TIME.exec(value);
  const time = parts && exists(parts) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) throw new DomainError('VALIDATION_FAILED', `${name} must be an ISO 8601 time, such as 2026-11-26T10:00:00Z`);
  return time;
}

/** Whether the date and time named are real: Date itself rolls 2026-02-30 over to 2 March, and T24:00 to the next day. */
function exists(parts: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = parts.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}
