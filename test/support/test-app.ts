import type { INestApplication } from '@nestjs/common';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
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

/** Where startApp starts the app (a fresh data dir unless given) and what it sets in its environment. */
export interface AppOptions {
  dataDir?: string;
  env?: Record<string, string>;
}

/**
 * Starts the real app on a data dir (fresh unless given) with STRATA_ADMIN_TOKEN set. Its worker
 * threads run compiled files (dist/workers), so the project is built first if it is out of date.
 */
export async function startApp(options: AppOptions = {}): Promise<TestApp> {
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

/** The app of a describe block: a TestApp, and supertest as the plain user it was asked to make. */
export interface SuiteApp extends TestApp {
  /** supertest with the token of the user appForSuite's `user` option made (there is none without it). */
  user: () => ReturnType<typeof asUser>;
}

/**
 * The app of a describe block: a beforeAll hook (with `timeout`, Jest's default unless given)
 * starts it (startApp with `options`), makes a plain user named `user` when asked, and then runs
 * `setup`; an afterAll hook closes it and removes its data dir. The object returned is filled in by
 * the beforeAll hook: tests and hooks use it, the describe body only keeps it.
 */
export function appForSuite({
  user,
  setup,
  timeout,
  ...options
}: AppOptions & { user?: string; setup?: () => Promise<void>; timeout?: number } = {}): SuiteApp {
  const t = {} as SuiteApp;
  beforeAll(async () => {
    Object.assign(t, await startApp(options));
    if (user) {
      const token = await newUserToken(t, user);
      t.user = () => t.as(token);
    }
    await setup?.();
  }, timeout);
  afterAll(async () => {
    if (t.app) await stopApp(t);
  });
  return t;
}

/** Closes an app startApp gave and removes its data dir. */
export async function stopApp(t: TestApp): Promise<void> {
  await t.close();
  removeDir(t.dataDir);
}

/** Makes the app listen on a loopback port the OS chooses; its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** Creates a user with the role "user", as the admin; its token. */
export async function newUserToken(t: TestApp, name: string): Promise<string> {
  return (await t.admin().post('/api/users').send({ name, role: 'user' }).expect(201)).body.token;
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
