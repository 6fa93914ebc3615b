import { DomainError } from '../common/errors';

/**
 * Serialises this instance's writes: a command's checks against the read model and its append
 * happen with no other write in between. While a full-repository restore holds the gate, other
 * writes are refused with RESTORE_IN_PROGRESS instead of waiting (reads go on).
 */
export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();
  private exclusiveHolder: string | null = null;

  /**
   * Runs `work` after the writes queued before it. Refused at once while a full restore holds
   * the gate; a write queued before the restore began still runs (before the restore).
   */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.exclusiveHolder) return Promise.reject(this.refusal());
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs a full-repository restore: other writes are refused until it ends. */
  async exclusive<T>(restoreId: string, work: () => Promise<T>): Promise<T> {
    this.assertWritable();
    this.exclusiveHolder = restoreId;
    const result = this.tail.then(() => work());
    this.tail = result.catch(() => undefined);
    try {
      return await result;
    } finally {
      this.exclusiveHolder = null;
    }
  }

  get restoreInProgress(): string | null {
    return this.exclusiveHolder;
  }

  /** Throws RESTORE_IN_PROGRESS while a full restore holds the gate. */
  assertWritable(): void {
    if (this.exclusiveHolder) throw this.refusal();
  }

  private refusal(): DomainError {
    return new DomainError('RESTORE_IN_PROGRESS', 'a full repository restore is running; try again when it has finished', {
      restoreId: this.exclusiveHolder,
    });
  }
}
