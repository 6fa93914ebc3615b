import { recordPieces } from './arcgis-rules-framing';
import { ArcgisRulesItems } from './arcgis-rules-items';
import { Manifest, readManifest } from './arcgis-rules-manifest';
import { RecordReader } from './arcgis-rules-record';
import { InvalidBackupError, ParsedItem } from './parsed-item';

export interface RulesLimits {
  /** Largest record, in bytes: a body past it fails, a manifest past it refuses the file. */
  maxRecordBytes: number;
}

/**
 * 8 MiB: over a thousand times the largest real body (6 KB), a manifest of about 30,000 items. A
 * record of many small nodes takes about five times its size once built (about 40 MB at 8 MiB),
 * and the parse worker's heap is 96 MB (BackupParserPool).
 */
export const DEFAULT_RULES_LIMITS: RulesLimits = { maxRecordBytes: 8 * 1024 * 1024 };

/**
 * Reads a 1Integrate for ArcGIS rule set export (`.rules`, SPEC §8) as a stream and yields what
 * each record stands for as soon as the record ends (arcgis-rules-items.ts): records are framed
 * as their bytes arrive (arcgis-rules-framing.ts), each read into one JSON value
 * (arcgis-rules-record.ts); record 0, the manifest, says what every later record is.
 *
 * Memory holds the manifest's paths and types and one record at a time, each bounded by
 * `maxRecordBytes`. A broken framing, an unreadable manifest, or a manifest that does not match
 * the number of records refuses the whole file (InvalidBackupError, 422); a body that cannot be
 * read fails only its item.
 */
export async function* readArcgisRules(input: AsyncIterable<Uint8Array>, limits: RulesLimits = DEFAULT_RULES_LIMITS): AsyncGenerator<ParsedItem> {
  let manifest: Manifest | undefined;
  let items: ArcgisRulesItems | undefined;
  let reader = new RecordReader(limits.maxRecordBytes);
  let records = 0;
  for await (const piece of recordPieces(input)) {
    if (manifest && piece.record > manifest.entries.length) throw unlisted(piece.record, manifest);
    if ('bytes' in piece) {
      await reader.push(piece.bytes);
      continue;
    }
    const content = await reader.end();
    reader = new RecordReader(limits.maxRecordBytes);
    records = piece.record + 1;
    if (!manifest) {
      manifest = readManifest(content);
      items = new ArcgisRulesItems(manifest);
    } else {
      yield* (items as ArcgisRulesItems).itemsOf(piece.record - 1, content);
    }
  }
  if (!manifest) throw new InvalidBackupError('not a valid .rules file: it holds no record');
  if (records < manifest.entries.length + 1) {
    throw new InvalidBackupError(
      `not a valid .rules file: the manifest lists ${manifest.entries.length} items but the file holds ${records - 1} bodies (truncated?)`,
    );
  }
}

function unlisted(record: number, manifest: Manifest): InvalidBackupError {
  return new InvalidBackupError(`not a valid .rules file: record ${record} has no entry in the manifest, which lists ${manifest.entries.length} items`);
}
