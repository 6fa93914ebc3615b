import { RepositoryBackup } from './RepositoryBackup';
import { RepositoryRestore } from './RepositoryRestore';
import { Rollback } from './Rollback';
import { Users } from './Users';
import type { Me } from '../api/types';

/** Admin: the whole repository (backup, restore, rollback) and the users. */
export function AdminView({ me, onChanged }: { me: Me; onChanged: () => void }) {
  return (
    <div className="admin">
      <h1>Administration</h1>
      <div className="cards">
        <RepositoryBackup />
        <RepositoryRestore onChanged={onChanged} />
        <Rollback onChanged={onChanged} />
        <Users me={me} />
      </div>
    </div>
  );
}
