import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BackupHeader, BackupItem } from '../src/backup/backup-item';
import { rewriteReferences } from '../src/repository/domain/item';
import { strataJsonChunks } from '../src/backup/writers/json-backup.writer';
import { Corpus, PHASES, loadHpmsCorpus } from './hpms-corpus';

export interface GeneratedBackup {
  items: number;
  bytes: number;
}

/**
 * Writes a Strata JSON backup (SPEC §4) of `itemCount` items to `file`, streamed: the HPMS corpus
 * replicated into numbered copies (`/HPMS 1/…`, `/HPMS 2/…`), each with fresh ids and its
 * references rewired to its own items. The last copy may be partial: it is a prefix of the
 * corpus in backup order, so whatever it holds has everything it references.
 */
export async function generateBackup(file: string, itemCount: number, corpus: Corpus = loadHpmsCorpus()): Promise<GeneratedBackup> {
  const copies = new CorpusCopies(corpus.items, itemCount);
  // The whole repository: the bench restores it as one (SPEC §6 refuses other scopes).
  const header: BackupHeader = { scope: 'repository', createdAt: new Date().toISOString(), createdBy: 'strata-bench', position: '0' };
  let items = 0;
  const counted = async function* () {
    for (const item of copies.items()) {
      items++;
      yield item;
    }
  };
  await pipeline(Readable.from(strataJsonChunks(header, counted())), fs.createWriteStream(file));
  return { items, bytes: fs.statSync(file).size };
}

/** The corpus copied as often as `itemCount` needs; ids per copy are made when first needed. */
class CorpusCopies {
  private readonly indexById: Map<string, number>;
  private readonly ids: string[][] = [];
  private readonly copyCount: number;

  constructor(
    private readonly corpus: readonly BackupItem[],
    private readonly itemCount: number,
  ) {
    if (corpus.length === 0) throw new Error('the corpus is empty');
    this.indexById = new Map(corpus.map((item, index) => [item.id, index]));
    this.copyCount = Math.ceil(itemCount / corpus.length);
  }

  /** Phase by phase, copy by copy: folders of every copy first, sessions of every copy last. */
  *items(): Generator<BackupItem> {
    for (const phase of PHASES) {
      for (let copy = 0; copy < this.copyCount; copy++) {
        const size = Math.min(this.corpus.length, this.itemCount - copy * this.corpus.length);
        for (let index = 0; index < size; index++) {
          if (this.corpus[index].type === phase) yield this.copyOf(copy, index);
        }
      }
    }
  }

  private copyOf(copy: number, index: number): BackupItem {
    const source = this.corpus[index];
    const ids = this.idsOf(copy);
    const top = `HPMS ${copy + 1}`;
    const isTop = source.type === 'folder' && source.folderPath === '/';
    return {
      ...source,
      id: ids[index],
      name: isTop ? top : source.name,
      folderPath: relocate(source.folderPath, top),
      content: rewriteReferences(source.type, source.content, (id) => {
        const target = this.indexById.get(id);
        return target === undefined ? id : ids[target];
      }),
    };
  }

  private idsOf(copy: number): string[] {
    this.ids[copy] ??= this.corpus.map(() => randomUUID());
    return this.ids[copy];
  }
}

/** `/HPMS/x/y` in copy `HPMS 3` is `/HPMS 3/x/y`; the root stays the root. */
function relocate(folderPath: string, top: string): string {
  if (folderPath === '/') return '/';
  const rest = folderPath.slice(1).split('/').slice(1);
  return ['', top, ...rest].join('/');
}
