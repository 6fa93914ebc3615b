import type { RollbackResult } from '../api/types';
import { formatDate } from '../common/format';

/** The moment a rollback goes back to: the last change at or before the time asked for. */
export function MomentAbout({ change }: { change: RollbackResult }) {
  return (
    <p>
      The repository goes back to how it was after the change of {change.rolledBackToAt ? formatDate(change.rolledBackToAt) : 'before the first change'} (log
      position {change.rolledBackTo}).
    </p>
  );
}
