import type { INestApplication } from '@nestjs/common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { createApp } from '../../src/app';
import { buildIfNeeded } from './build';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: INestApplication;
  dataDir: string;
  /** supertest against the app, with the admin's token. */
  admin: () => ReturnType<typeof asUser>;
  as: (token: string) => ReturnType<typeof asUser>;
  anonymous: () => request.Agent;
  close: () => Promise<void>;
}

/**
 * Starts the real app on a data dir (fresh unless given) with STRATA_ADMIN_TOKEN set. Its worker
 * threads run compiled files (dist/workers), so the project is built first if it is out of date.
 */
export async function startApp(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  buildIfNeeded();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-'));
  const config = loadConfig({ STRATA_DATA_DIR: dataDir, STRATA_ADMIN_TOKEN: ADMIN_TOKEN, ...options.env });
  const app = await createApp(config, { logger: false });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    dataDir,
    admin: () => asUser(server, ADMIN_TOKEN),
    as: (token) => asUser(server, token),
    anonymous: () => request.agent(server),
    close: () => app.close(),
  };
}

function asUser(server: Parameters<typeof request>[0], token: string) {
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  const agent = request(server);
  return {
    get: (url: string) => auth(agent.get(url)),
    post: (url: string) => auth(agent.post(url)),
    patch: (url: string) => auth(agent.patch(url)),
    put: (url: string) => auth(agent.put(url)),
    delete: (url: string) => auth(agent.delete(url)),
  };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
