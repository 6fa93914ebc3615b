import net from 'node:net';
import path from 'node:path';
import { type Fault, parseFault } from '../common/fault-points';

/** Typed configuration, read once from the environment and validated at start (SPEC §1). */
export interface StrataConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreConnectionString: string | null;
  adminToken: string | null;
  maxUploadBytes: number;
  /** 32-byte key for stored passwords, or null to use (or create) the key file in the data dir. */
  secretKey: Buffer | null;
  /** Largest JSON request body for ordinary API calls. */
  maxJsonBodyBytes: number;
  /** Longest time to receive a whole request, body included (restore uploads are large); 0 = no limit. */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers, so slow-headers clients cannot hold sockets. */
  headersTimeoutMs: number;
  /** Failed authentications one client address may make in a window before it is refused; 0 = no throttling. */
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For tells the client address (false: none). */
  trustProxy: boolean | number | string;
  /** A fault the crash suite injects (`STRATA_FAULT=<point>:<action>`, src/common/fault-points.ts); null in production. */
  fault: Fault | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): StrataConfig {
  const port = integer(env.PORT, 3000, 'PORT');
  if (port < 0 || port > 65535) throw new ConfigError(`PORT must be 0–65535, got ${port}`);
  const maxUploadBytes = integer(env.STRATA_MAX_UPLOAD_BYTES, 10_737_418_240, 'STRATA_MAX_UPLOAD_BYTES');
  let secretKey: Buffer | null = null;
  if (env.STRATA_SECRET_KEY) {
    secretKey = Buffer.from(env.STRATA_SECRET_KEY, 'base64');
    if (secretKey.length !== 32) throw new ConfigError('STRATA_SECRET_KEY must be 32 bytes, base64-encoded');
  }
  const adminToken = env.STRATA_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('STRATA_ADMIN_TOKEN must be at least 16 characters');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.STRATA_DATA_DIR || './data'),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING?.trim() || null,
    adminToken,
    maxUploadBytes,
    secretKey,
    maxJsonBodyBytes: integer(env.STRATA_MAX_JSON_BYTES, 16 * 1024 * 1024, 'STRATA_MAX_JSON_BYTES'),
    ...timeouts(env),
    authFailureLimit: integer(env.STRATA_AUTH_FAILURE_LIMIT, 10, 'STRATA_AUTH_FAILURE_LIMIT'),
    authFailureWindowSeconds: positive(env.STRATA_AUTH_FAILURE_WINDOW_SECONDS, 60, 'STRATA_AUTH_FAILURE_WINDOW_SECONDS'),
    trustProxy: trustProxy(env.STRATA_TRUST_PROXY),
    fault: fault(env.STRATA_FAULT),
  };
}

/**
 * An upload of the default 10 GiB limit takes about 35 minutes at 5 MB/s: a whole request may
 * take an hour by default. Headers come in one packet from any real client: 20 seconds.
 */
function timeouts(env: NodeJS.ProcessEnv): Pick<StrataConfig, 'requestTimeoutMs' | 'headersTimeoutMs'> {
  const requestTimeoutMs = integer(env.STRATA_REQUEST_TIMEOUT_MS, 3_600_000, 'STRATA_REQUEST_TIMEOUT_MS');
  const headersTimeoutMs = positive(env.STRATA_HEADERS_TIMEOUT_MS, 20_000, 'STRATA_HEADERS_TIMEOUT_MS');
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`STRATA_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed STRATA_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  return { requestTimeoutMs, headersTimeoutMs };
}

/** `true`/`false`, a number of proxy hops, or addresses, subnets and loopback/linklocal/uniquelocal, comma-separated. */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  for (const part of value.split(',').map((p) => p.trim())) {
    const [address, prefix, extra] = part.split('/');
    const known = ['loopback', 'linklocal', 'uniquelocal'].includes(part);
    if (!known && (extra !== undefined || net.isIP(address) === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)))) {
      throw new ConfigError(`STRATA_TRUST_PROXY: "${part}" is not an address, a subnet or loopback/linklocal/uniquelocal`);
    }
  }
  return value;
}

function fault(raw: string | undefined): Fault | null {
  if (!raw?.trim()) return null;
  try {
    return parseFault(raw.trim());
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  const value = integer(raw, fallback, name);
  if (value === 0) throw new ConfigError(`${name} must be greater than 0`);
  return value;
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export const STRATA_CONFIG = Symbol('STRATA_CONFIG');
