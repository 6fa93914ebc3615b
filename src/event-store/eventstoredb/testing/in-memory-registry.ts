import { InMemoryEsdbServer } from './in-memory-esdb-server';
import { InMemoryEsdbClient } from './in-memory-esdb-client';

/**
 * In-memory servers a test registered in this process, reachable by a connection string
 * `inmemory://<name>[?user=<name>]`, so that whole Strata apps can share one (several instances
 * on one log) without anything but their configuration; each user's client stands for a process
 * of its own. A name nobody registered is refused: the
 * service never runs on an in-memory log by accident.
 */
const servers = new Map<string, InMemoryEsdbServer>();

export function registerInMemoryServer(name: string, server = new InMemoryEsdbServer()): InMemoryEsdbServer {
  servers.set(name, server);
  return server;
}

export function unregisterInMemoryServer(name: string): void {
  servers.delete(name);
}

export function isInMemoryConnection(connectionString: string): boolean {
  return connectionString.startsWith('inmemory://');
}

export function inMemoryClient(connectionString: string): InMemoryEsdbClient {
  const url = new URL(connectionString);
  const server = servers.get(url.hostname);
  if (!server) throw new Error(`no in-memory EventStoreDB server "${url.hostname}" is registered in this process`);
  const user = url.searchParams.get('user') ?? 'admin';
  return new InMemoryEsdbClient(server, user, `app of ${user}`);
}
