import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { RestoreItem } from '../../../workers/parsing/restore-item';
import type { ReferenceField } from '../../repository/domain/item';
import { ReferenceResolver, TARGETS } from './reference-resolver';
import type { RepositoryLookup } from './repository-lookup';
import { RestoreScratch } from './restore-scratch';

const TYPES = ['rule', 'rule-template', 'action', 'action-template', 'datastore', 'session'];
const FIELDS = Object.keys(TARGETS) as ReferenceField[];
/** Few ids, so that items share them and references find them (or not, or of another type). */
const ID = fc.constantFrom('a', 'b', 'c', 'd', 'repo-rule', 'repo-datastore');
const REPOSITORY: Record<string, string> = { 'repo-rule': 'rule', 'repo-datastore': 'datastore' };

const repo: RepositoryLookup = {
  folderChild: () => undefined,
  sameName: () => undefined,
  byPath: () => undefined,
  liveType: (id) => REPOSITORY[id],
};

function item(sourceId: string, type: string, refs: RestoreItem['refs']): RestoreItem {
  return {
    sourceId,
    type,
    name: 'n',
    folderPath: '/',
    problem: null,
    warnings: [],
    complete: true,
    refs,
    contentJson: '{}',
    placeholders: true,
  } as unknown as RestoreItem;
}

describe('ReferenceResolver.resolveInFiles', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-refs-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves every reference as resolving them one by one does', () => {
    const file = fc.array(fc.record({ id: ID, type: fc.constantFrom(...TYPES), refs: fc.array(fc.tuple(fc.constantFrom(...FIELDS), ID), { maxLength: 3 }) }), {
      maxLength: 12,
    });
    let run = 0;
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 2 }), (files) => {
        const resolved = (prefill: boolean) => {
          const scratch = new RestoreScratch(path.join(dir, `restore-${run++}.db`));
          try {
            files.forEach((items, index) =>
              scratch.addItems(
                index,
                items.map((i) => item(i.id, i.type, i.refs)),
              ),
            );
            scratch.indexSources();
            const resolver = new ReferenceResolver(scratch.db, repo);
            if (prefill) resolver.resolveInFiles();
            return files.flatMap((items, index) => items.flatMap((i) => i.refs.map(([field, value]) => resolver.resolve(index, 'strata-json', value, field))));
          } finally {
            scratch.close();
          }
        };
        expect(resolved(true)).toEqual(resolved(false));
      }),
      { numRuns: 200 },
    );
  });

  it('takes the first item of a type the field names, and leaves the others to resolve()', () => {
    const scratch = new RestoreScratch(path.join(dir, 'restore-r.db'));
    try {
      scratch.addItems(0, [
        item('x', 'rule', [['template_id', 'x']]), // a rule and its template share an id (legacy XML URIs)
        item('x', 'rule-template', []),
        item('x', 'rule-template', []),
        item('s', 'session', [
          ['tasks.datastore', 'x'], // a rule, not a data store: left to resolve(), which says so
          ['tasks.rules', 'x'],
        ]),
      ]);
      scratch.indexSources();
      new ReferenceResolver(scratch.db, repo).resolveInFiles();
      expect(scratch.db.prepare('SELECT file, value, targets, seq, repo_id FROM refmap ORDER BY targets').all()).toEqual([
        { file: 0, value: 'x', targets: 'rule', seq: 1, repo_id: null },
        { file: 0, value: 'x', targets: 'rule-template,action-template', seq: 2, repo_id: null },
      ]);
    } finally {
      scratch.close();
    }
  });
});
