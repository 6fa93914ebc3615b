import { RepositoryBackup } from './RepositoryBackup';
import { RepositoryRestore } from './RepositoryRestore';
import { Rollback } from './Rollback';
import { Users } from './Users';

/** Admin: the whole repository (backup, restore, rollback) and the users. */
export function AdminView({ onChanged }: { onChanged: () => void }) {
  return (
    <div className="admin">
      <h1>Administration</h1>
      <div className="cards">
        <RepositoryBackup />
        <RepositoryRestore onChanged={onChanged} />
        <Rollback onChanged={onChanged} />
        <Users />
      </div>
    </div>
  );
}
