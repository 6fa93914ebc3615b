import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ViewDatabase } from '../read-model/view-database';
import { DomainError } from '../common/errors';
import type { ItemType } from '../repository/domain/item';
import type { BackupHeader } from './backup-item';
import { BackupSnapshot, TYPE_ORDER } from './selection/backup-snapshot';
import { strataJsonChunks } from './writers/json-backup.writer';
import { writeLegacyXml } from './writers/legacy-xml.writer';

export type BackupFormat = 'json' | 'xml';

export interface BackupStream {
  fileName: string;
  contentType: string;
  body: Readable;
}

// The legacy XML writer's order (see LEGACY_XML_ITEM_ORDER): subtrees contiguous, subfolders first.
const XML_ORDER = `replace(CASE s.folder_path WHEN '/' THEN '' ELSE s.folder_path END, '/', char(1)) || char(2) || v.name`;

/**
 * Streams backups (SPEC §4, §6) from a snapshot of the read model: nothing is built whole in
 * memory, and any refusal (unknown ids, discovery specifications in XML) happens before the
 * first byte, so it can still be a problem+json answer.
 */
@Injectable()
export class BackupService {
  constructor(@Inject(ViewDatabase) private readonly view: ViewDatabase) {}

  async ofItems(ids: readonly string[], format: BackupFormat, createdBy: string): Promise<BackupStream> {
    const { snapshot, missing } = BackupSnapshot.ofItems(this.view, ids);
    if (missing.length > 0) {
      snapshot.close();
      throw new DomainError('NOT_FOUND', `no such item: ${missing.slice(0, 20).join(', ')}`, { missing });
    }
    return this.stream(snapshot, format, { scope: 'items', createdBy });
  }

  /** The whole repository, now or as of position `at`. */
  async ofRepository(format: BackupFormat, createdBy: string, at?: bigint): Promise<BackupStream> {
    return this.stream(BackupSnapshot.ofRepository(this.view, at), format, { scope: 'repository', createdBy });
  }

  private async stream(snapshot: BackupSnapshot, format: BackupFormat, who: Pick<BackupHeader, 'scope' | 'createdBy'>): Promise<BackupStream> {
    const createdAt = new Date().toISOString();
    const header: BackupHeader = { ...who, createdAt, position: snapshot.position.toString() };
    const chunks = format === 'xml' ? this.xmlChunks(snapshot, header) : strataJsonChunks(header, this.jsonItems(snapshot));
    try {
      // Run up to the first chunk: refusals surface here, before any header is sent.
      const first = await chunks.next();
      const body = Readable.from(
        prepend(first, chunks, () => snapshot.close()),
        { objectMode: false },
      );
      body.on('close', () => snapshot.close());
      const stamp = createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      return {
        fileName: `strata-backup-${stamp}.${format}`,
        contentType: format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
        body,
      };
    } catch (error) {
      snapshot.close();
      throw error;
    }
  }

  private async *jsonItems(snapshot: BackupSnapshot) {
    yield* snapshot.folders();
    // Dependencies before dependents (SPEC §4): by type; within a type, as the view holds them.
    yield* snapshot.items(TYPE_ORDER, 'types');
  }

  private xmlChunks(snapshot: BackupSnapshot, header: BackupHeader): AsyncGenerator<string> {
    const folderTypes = new Map<string, ItemType[]>();
    for (const { folder_path, type } of snapshot.folderTypePairs()) {
      folderTypes.set(folder_path, [...(folderTypes.get(folder_path) ?? []), type]);
    }
    return writeLegacyXml({
      folders: snapshot.folders(),
      folderTypes,
      items: (types) => snapshot.items(types, XML_ORDER),
      target: (id) => snapshot.target(id),
      header: { createdAt: header.createdAt, createdBy: header.createdBy },
    });
  }
}

async function* prepend(first: IteratorResult<string>, rest: AsyncGenerator<string>, done: () => void): AsyncGenerator<string> {
  try {
    if (first.done) return;
    yield first.value;
    yield* rest;
  } finally {
    done();
  }
}
