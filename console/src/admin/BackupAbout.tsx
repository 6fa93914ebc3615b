import type { BackupFacts } from '../api/types';
import { formatDate } from '../common/format';

/** What a backup says of itself, shown before the repository is made that backup. */
export function BackupAbout({ name, facts }: { name?: string; facts: BackupFacts }) {
  const whole = facts.scope === 'repository';
  return (
    <p className={whole ? undefined : 'warning'}>
      {name ? <span className="path">{name}</span> : 'The backup'}:{' '}
      {whole ? 'a backup of the whole repository' : `scope “${facts.scope ?? 'not given'}” — not of the whole repository`}, made{' '}
      {facts.createdAt ? formatDate(facts.createdAt) : 'at an unknown time'} by {facts.createdBy ?? 'an unknown user'}, holding {facts.items}{' '}
      {facts.items === 1 ? 'item' : 'items'}.
    </p>
  );
}
