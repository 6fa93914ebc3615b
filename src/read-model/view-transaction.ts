import type { ViewDatabase } from './view-database';

/** The projector's open transaction on the view's writer connection, with the checkpoint it reached. */
export class ViewTransaction {
  /** Events applied in the open transaction, and in this catch-up. */
  applied = 0;
  total = 0;
  reached: bigint | null = null;
  private open = false;

  /** `bulk`: one transaction for the whole catch-up (see BULK). */
  constructor(
    private readonly view: ViewDatabase,
    readonly bulk: boolean,
  ) {}

  begin(): void {
    if (this.open) return;
    this.view.writer.exec('BEGIN');
    this.open = true;
  }

  /** Commits with the checkpoint; returns the position now visible (null: nothing was open). */
  commit(): bigint | null {
    if (!this.open || this.reached === null) return null;
    this.view.setCheckpoint(this.reached);
    this.view.writer.exec('COMMIT');
    this.open = false;
    this.applied = 0;
    return this.reached;
  }

  rollback(): void {
    if (!this.open) return;
    this.view.writer.exec('ROLLBACK');
    this.open = false;
  }
}
