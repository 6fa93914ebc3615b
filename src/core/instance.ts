import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Who this service instance is, across restarts: the id in the data dir's `instance-id` (each
 * instance has a data dir of its own, for its read model). Claims and restore records name it,
 * so that the instance's next start knows what its dead predecessor left (DESIGN invariant 9).
 */
export class Instance {
  /** How long a claim of the repository holds without being renewed. */
  static readonly DEFAULT_LEASE_MS = 60_000;

  constructor(
    readonly id: string,
    readonly leaseMs = Instance.DEFAULT_LEASE_MS,
  ) {}

  static fromDataDir(dataDir: string): Instance {
    const file = path.join(dataDir, 'instance-id');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      try {
        fs.writeFileSync(file, `${randomUUID()}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const id = fs.readFileSync(file, 'utf8').trim();
    if (!/^[\w.:-]{1,100}$/.test(id)) throw new Error(`${file} does not hold an instance id`);
    return new Instance(id);
  }
}
