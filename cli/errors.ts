/** A failure the CLI reports on stderr; exit code 2 (usage, connection or HTTP error). */
export class CliError extends Error {
  constructor(
    message: string,
    /** The HTTP status and problem+json document, when the service refused the request. */
    readonly status?: number,
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
  }
}
