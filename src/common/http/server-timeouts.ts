import type { Server } from 'node:http';
import type { StrataConfig } from '../../config/config';

/**
 * The HTTP server's timeouts, each chosen rather than inherited (issue 18). Node's defaults cut
 * any request after 5 minutes, while an upload may be 10 GiB, and wait a minute for headers.
 * - `requestTimeout` (STRATA_REQUEST_TIMEOUT_MS): the whole request, body included; generous.
 * - `headersTimeout` (STRATA_HEADERS_TIMEOUT_MS): the headers alone; short, so clients sending
 *   headers a byte at a time cannot hold sockets.
 * - Node checks both every `connectionsCheckingInterval` (30 s by default, read when the server
 *   starts listening): a quarter of the shorter one here, so they hold to within a quarter.
 * - `keepAliveTimeout` stays 5 s for idle keep-alive sockets, and there is no idle timeout on a
 *   request being answered (`timeout` 0): a full restore may work for minutes before it answers.
 */
export function applyServerTimeouts(server: Server, config: Pick<StrataConfig, 'requestTimeoutMs' | 'headersTimeoutMs'>): void {
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  const shortest = config.requestTimeoutMs > 0 ? Math.min(config.requestTimeoutMs, config.headersTimeoutMs) : config.headersTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(30_000, Math.max(100, Math.floor(shortest / 4)));
  server.keepAliveTimeout = 5_000;
  server.timeout = 0;
}
