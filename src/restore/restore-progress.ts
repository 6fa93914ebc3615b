import { Injectable } from '@nestjs/common';

export type RestorePhase = 'receiving' | 'parsing' | 'planning' | 'committing' | 'projecting' | 'done';

export interface RestoreProgress {
  phase: RestorePhase;
  bytesRead: number;
  bytesTotal: number;
  itemsRead: number;
}

/**
 * Progress of the restores running in this process (SPEC §6). Transient by nature: it is not in
 * the log, and a restore that is not running here has none.
 */
@Injectable()
export class RestoreProgressRegistry {
  private readonly running = new Map<string, RestoreProgress>();

  begin(id: string, bytesTotal: number): RestoreProgress {
    const progress: RestoreProgress = { phase: 'parsing', bytesRead: 0, bytesTotal, itemsRead: 0 };
    this.running.set(id, progress);
    return progress;
  }

  get(id: string): RestoreProgress | undefined {
    return this.running.get(id);
  }

  end(id: string): void {
    this.running.delete(id);
  }
}
