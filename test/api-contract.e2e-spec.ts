import { Validator } from '@seriousme/openapi-schema-validator';
import { appForSuite } from './support/test-app';
import { asText, backupDocument, backupItem, passwordAndFileStore } from './support/restore-helpers';
import { ruleBody } from './support/rule-bodies';
import { OpenApi, ResponseChecker, METHODS, operations } from './support/openapi-check';

/** The one operation whose response schema is not written yet: issue 24 makes it paged and bounded. */

/**
 * Issue 22: the OpenAPI document is complete and true — valid OpenAPI 3, every operation with a
 * summary and its 2xx and 4xx responses, and a real response from every endpoint matching the
 * schema it declares.
 */
describe('the OpenAPI document (e2e)', () => {
  let doc: OpenApi;
  let checker: ResponseChecker;

  const t = appForSuite({
    setup: async () => {
      doc = (await t.anonymous().get('/api/docs-json').expect(200)).body;
      checker = new ResponseChecker(doc);
    },
    timeout: 180_000,
  });

  it('validates against the OpenAPI 3 schema', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('gives every operation a summary, a description, a 2xx and its 4xx responses as problem+json', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(24);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const op = item[method];
        const name = `${method.toUpperCase()} ${path}`;
        expect({ name, summary: typeof op.summary === 'string' && op.summary.length > 3, description: typeof op.description === 'string' }).toEqual({
          name,
          summary: true,
          description: true,
        });
        const statuses = Object.keys(op.responses);
        expect({ name, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ name, success: true });
        const secured = (op.security ?? doc.security ?? []).length > 0;
        // Only the public health check, which takes nothing, has no error to declare.
        if (secured || (op.parameters ?? []).length > 0) expect({ name, has4xx: statuses.some((s) => /^4\d\d$/.test(s)) }).toEqual({ name, has4xx: true });
        if (secured) expect({ name, statuses: statuses.filter((s) => s === '401') }).toEqual({ name, statuses: ['401'] });
        for (const status of statuses.filter((s) => /^4/.test(s))) {
          expect({ name, status, content: Object.keys(op.responses[status].content ?? {}) }).toEqual({ name, status, content: ['application/problem+json'] });
        }
        for (const status of statuses.filter((s) => /^2/.test(s) && s !== '204')) {
          expect({ name, status, described: Object.keys(op.responses[status].content ?? {}).length > 0 }).toEqual({ name, status, described: true });
        }
      }
    }
  });

  it('describes uploads so "Try it out" can send them, opaque bearer tokens, and folderId as a uuid string', () => {
    const restore = doc.paths['/api/restores'].post.requestBody.content;
    expect(Object.keys(restore)).toEqual(['multipart/form-data']);
    expect(restore['multipart/form-data'].schema.properties.files).toEqual({ type: 'array', items: { type: 'string', format: 'binary' } });
    const full = doc.paths['/api/admin/repository/restore'].post;
    expect(Object.keys(full.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(full.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(full.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['dryRun', 'allowItemScope']));
    const file = doc.paths['/api/items/{id}/files/{fileName}'].put.requestBody.content;
    expect(file).toEqual({ 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' });
    expect(doc.components.schemas.ItemResponse.properties.folderId).toMatchObject({ type: 'string', format: 'uuid', nullable: true });
    const folderId = doc.paths['/api/items'].get.parameters.find((p: { name: string }) => p.name === 'folderId');
    expect(folderId.schema.type).toBe('string');
    for (const name of ['RestoreReport', 'RestoreRecord', 'HistoryEntry', 'ChangePage', 'UserPage', 'ItemPageResponse', 'Problem']) {
      expect({ name, example: doc.components.schemas[name].example !== undefined || doc.components.schemas[name].properties?.items !== undefined }).toEqual({
        name,
        example: true,
      });
    }
    expect(doc.paths['/api/tree'].get.summary).toBeDefined();
  });

  it('the response check itself refuses a body off its schema, an undeclared status and an undeclared media type', () => {
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const probe = new ResponseChecker(doc);
    expect(() => probe.check('get', '/api/health', { status: 200, headers: json, body: { status: 'ok', store: 'sqlite', position: 12 } })).toThrow(
      /does not match its schema.*position/,
    );
    expect(() => probe.check('get', '/api/restores/0b7a9c2e-1d3f-4e5a-8b6c-7d8e9f0a1b2c', { status: 200, headers: json, body: { id: 'x' } })).toThrow(
      /must have required property/,
    );
    expect(() => probe.check('get', '/api/health', { status: 418, headers: json, body: {} })).toThrow(/does not declare/);
    expect(() => probe.check('get', '/api/users/me', { status: 401, headers: json, body: {} })).toThrow(
      /sent application\/json, declared: application\/problem\+json/,
    );
    expect(() => probe.check('get', '/api/health', { status: 200, headers: json, body: { status: 'ok', store: 'sqlite', position: '12' } })).not.toThrow();
  });

  it('answers every endpoint as it declares (status, media type, schema), errors included', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const call = async (method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, build: (r: any) => any = (r) => r, as = t.admin()) => {
      const res = await build(as[method](url));
      checker.check(method, url, res);
      return res;
    };
    const binary = (r: any) => r.buffer(true).parse(asText); // eslint-disable-line @typescript-eslint/no-explicit-any

    await call('get', '/api/health', (r) => r, { get: (u: string) => t.anonymous().get(u) } as never);
    const user = (await call('post', '/api/users', (r) => r.send({ name: 'reader', role: 'user' }))).body;
    await call('get', '/api/users');
    await call('get', '/api/users/me');
    await call('post', '/api/users', (r) => r.send({ name: 'reader', role: 'user' })); // 409: the name is taken
    await call('get', '/api/users', (r) => r, t.as(user.token)); // 403
    await call('delete', `/api/users/${user.id}`);

    const folder = (await call('post', '/api/items', (r) => r.send({ type: 'folder', name: 'Estate' }))).body;
    const rule = (await call('post', '/api/items', (r) => r.send({ type: 'rule', name: 'Check', folderId: folder.id, content: ruleBody() }))).body;
    const store = (await call('post', '/api/items', (r) => r.send({ type: 'datastore', name: 'Vault', content: passwordAndFileStore(null) }))).body;
    await call('post', '/api/items', (r) => r.send({ type: 'nonsense', name: 'x' })); // 400
    await call('get', '/api/items?folderId=root');
    const tree = (await call('get', '/api/tree?limit=1')).body;
    await call('get', `/api/tree?limit=1&cursor=${encodeURIComponent(tree.nextCursor)}`); // the folder again, a continued stub
    await call('get', `/api/tree?folderId=${folder.id}&depth=1`);
    await call('get', '/api/tree?depth=0'); // 400
    await call('get', '/api/tree?folderId=00000000-0000-4000-8000-000000000000'); // 404
    await call('get', `/api/items/${rule.id}`);
    await call('get', '/api/items/00000000-0000-4000-8000-000000000000'); // 404
    await call('patch', `/api/items/${rule.id}`, (r) => r.set('If-Match', '"1"').send({ description: 'checked' }));
    await call('patch', `/api/items/${rule.id}`, (r) => r.set('If-Match', '"1"').send({ description: 'again' })); // 412
    await call('put', `/api/items/${store.id}/password`, (r) => r.send({ name: 'pw', value: 'a secret' }));
    await call('put', `/api/items/${store.id}/files/data.zip`, (r) => r.set('Content-Type', 'application/octet-stream').send(Buffer.from('zip')));
    await call('get', `/api/items/${store.id}/files`);
    await call('get', `/api/items/${rule.id}/history`);
    await call('get', '/api/changes?from=0');
    await call('delete', `/api/items/${folder.id}`); // 409: not empty
    const moment = (await t.admin().get('/api/health')).body.position;

    await call('post', '/api/backups', (r) => binary(r.send({ ids: [rule.id] })));
    await call('post', '/api/backups', (r) => r.send({ ids: ['00000000-0000-4000-8000-000000000000'] })); // 404
    const doc1 = backupDocument([backupItem({ type: 'rule', name: 'Restored', content: ruleBody() })]);
    const report = (await call('post', '/api/restores', (r) => r.attach('files', Buffer.from(doc1), 'rules.json'))).body;
    await call('post', '/api/restores', (r) => r.set('Prefer', 'respond-async').attach('files', Buffer.from(doc1), 'rules.json'));
    await call('post', '/api/restores', (r) => r.attach('files', Buffer.from('not a backup'), 'junk.txt')); // 422
    await call('get', '/api/restores');
    await call('get', `/api/restores/${report.restoreId}`);
    await call('get', `/api/restores/${report.restoreId}/items`);
    await call('get', '/api/restores?since=yesterday'); // 400

    await call('get', '/api/admin/repository/backup', binary);
    const full = (await t.admin().get('/api/admin/repository/backup').buffer(true).parse(asText)).body as string;
    await call('post', '/api/admin/repository/restore?dryRun=true', (r) => r.set('Content-Type', 'application/json').send(full));
    await call('post', '/api/admin/repository/restore', (r) => r.set('Content-Type', 'application/json').send(doc1)); // 422: an item backup
    await call('post', '/api/admin/repository/restore?dryRun=true', (r) => r.set('Prefer', 'respond-async').attach('file', Buffer.from(full), 'full.json'));
    await call('post', '/api/admin/repository/rollback', (r) => r.send({ position: moment, dryRun: true }));
    await call('post', '/api/admin/repository/rollback', (r) => r.send({})); // 400
    await call('get', '/api/items', (r) => r, t.as('not-a-valid-token-at-all')); // 401

    const unchecked = operations(doc).filter((op) => !checker.seen.has(op));
    expect(unchecked).toEqual([]);
  });
});
