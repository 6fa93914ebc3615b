/** A query's WHERE clause, built a condition at a time, with the values of its `?`s in order. */
export class SqlConditions {
  private readonly clauses: string[];
  readonly params: unknown[] = [];

  constructor(...clauses: string[]) {
    this.clauses = clauses;
  }

  /** Adds `clause`, its `?`s bound to `values`. */
  add(clause: string, ...values: unknown[]): void {
    this.clauses.push(clause);
    this.params.push(...values);
  }

  /** `WHERE a AND b …`, or nothing when there is no condition. */
  get sql(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
