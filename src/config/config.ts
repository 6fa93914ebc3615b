import path from 'node:path';

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
  };
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export const STRATA_CONFIG = Symbol('STRATA_CONFIG');
