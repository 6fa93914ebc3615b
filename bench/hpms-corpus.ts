import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupItem } from '../src/backup/backup-item';
import { TYPE_ORDER } from '../src/backup/selection/backup-snapshot';
import { ItemType, referencesOf } from '../src/repository/domain/item';
import { Resolver, toContent, typeOf } from './hpms-convert';

/** Where the HPMS items are kept (see test/fixtures/1integrate/README.md). */
export const HPMS_ITEMS_DIR = process.env.STRATA_BENCH_CORPUS ?? path.resolve(__dirname, '..', '..', 'test', 'fixtures', '1integrate', 'hpms-items');

/** The order a backup lists items in (SPEC §4): what an item needs always comes before it. */
export const PHASES: readonly ItemType[] = ['folder', ...TYPE_ORDER];

export interface Corpus {
  /** Strata items with ids, in backup order: folders parents-first, then dependencies first. */
  items: BackupItem[];
  /** References that named no file of the corpus (dropped from the items). */
  unresolved: number;
}

interface SourceFile {
  item: BackupItem;
  body: Record<string, unknown>;
}

/** Sync-tool reference prefixes → the extension of the file they name. */
const REFERENCE_PREFIXES: [string, string][] = [
  ['/rules/', 'rule'],
  ['/actions/', 'action'],
  ['/action_maps/', 'action_map'],
  ['/datastores/', 'datastore'],
  ['RULE://', 'rule'],
  ['ACTION://', 'action'],
];

/**
 * Loads the HPMS repository as 1Integrate's sync tool wrote it (one JSON file per item, folders as
 * directories, references as paths) and converts it into Strata items (SPEC §3): fresh uuids,
 * `folderPath`, references rewritten to ids.
 */
export function loadHpmsCorpus(dir = HPMS_ITEMS_DIR): Corpus {
  const files: SourceFile[] = [];
  const folders: BackupItem[] = [];
  const idByKey = new Map<string, string>();
  walk(
    dir,
    '/',
    (folder) => folders.push(folder),
    (file, key) => {
      files.push(file);
      idByKey.set(key, file.item.id);
    },
  );

  let unresolved = 0;
  const refs: Resolver = {
    resolve: (reference) => {
      const prefix = REFERENCE_PREFIXES.find(([p]) => reference.startsWith(p));
      return prefix && idByKey.get(`${prefix[1]}:${reference.slice(prefix[0].length)}`);
    },
    onUnresolved: () => void unresolved++,
  };
  for (const { item, body } of files) item.content = toContent(item.type, body, refs);
  return { items: inBackupOrder([...folders, ...files.map((f) => f.item)]), unresolved };
}

/** Reads `dir` (shown as folder path `at`): subdirectories become folders, item files items. */
function walk(dir: string, at: string, onFolder: (folder: BackupItem) => void, onFile: (file: SourceFile, key: string) => void): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      onFolder(newItem('folder', entry.name, at, {}));
      walk(full, childPath(at, entry.name), onFolder, onFile);
      continue;
    }
    const dot = entry.name.lastIndexOf('.');
    const extension = entry.name.slice(dot + 1);
    if (dot <= 0 || !typeOf(extension, {})) continue;
    const body = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
    const type = typeOf(extension, body)!;
    const name = entry.name.slice(0, dot);
    const item = newItem(type, name, at, body);
    // The key a reference resolves to: extension and path below the corpus root, e.g. `rule:HPMS/2 - Domains/X`.
    onFile({ item, body }, `${extension}:${childPath(at, name).slice(1)}`);
  }
}

/** The sync tool's files carry no authors or dates: every item gets the same ones. */
const SYNCED_BY = '1Integrate sync';
const SYNCED_AT = '2021-03-01T00:00:00.000Z';

function newItem(type: ItemType, name: string, folderPath: string, body: Record<string, unknown>): BackupItem {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id: randomUUID(),
    type,
    name,
    folderPath,
    description: text(body.description),
    comments: text(body.comments),
    createdBy: SYNCED_BY,
    createdAt: SYNCED_AT,
    lastEditedBy: SYNCED_BY,
    lastEditedAt: SYNCED_AT,
    content: {},
  };
}

export function childPath(folderPath: string, name: string): string {
  return folderPath === '/' ? `/${name}` : `${folderPath}/${name}`;
}

/**
 * Phase by phase (PHASES); inside a phase, folders by depth and other items by how long their
 * chain of references is (a template using a template comes after it), then by path.
 */
function inBackupOrder(items: BackupItem[]): BackupItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const depths = new Map<string, number>();
  const depth = (item: BackupItem, seen: Set<string>): number => {
    if (item.type === 'folder') return item.folderPath === '/' ? 0 : item.folderPath.split('/').length - 1;
    const known = depths.get(item.id);
    if (known !== undefined) return known;
    if (seen.has(item.id)) throw new Error(`reference cycle through ${item.folderPath}/${item.name}`);
    seen.add(item.id);
    let own = 0;
    for (const { targetId } of referencesOf(item.type, item.content)) {
      const target = byId.get(targetId);
      if (target) own = Math.max(own, depth(target, seen) + 1);
    }
    depths.set(item.id, own);
    return own;
  };
  const key = (item: BackupItem) => ({ phase: PHASES.indexOf(item.type), depth: depth(item, new Set()), path: childPath(item.folderPath, item.name) });
  const keys = new Map(items.map((item) => [item.id, key(item)]));
  return [...items].sort((a, b) => {
    const ka = keys.get(a.id)!;
    const kb = keys.get(b.id)!;
    return ka.phase - kb.phase || ka.depth - kb.depth || (ka.path < kb.path ? -1 : ka.path > kb.path ? 1 : 0);
  });
}
