import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { ScratchFile } from '../scratch-file';

/** An item restore's scratch file: the parsed items of its files and the plan made from them. */
export class RestoreScratch extends ScratchFile {
  private readonly insertParsed;

  constructor(file: string) {
    super(file);
    this.db.exec(`
      CREATE TABLE parsed (
        seq INTEGER PRIMARY KEY, file INTEGER NOT NULL, source_id TEXT NOT NULL, type TEXT NOT NULL,
        name TEXT NOT NULL, folder_path TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX parsed_source ON parsed (file, source_id);
      -- The plan: one outcome per parsed item.
      CREATE TABLE outcome (
        seq INTEGER PRIMARY KEY, status TEXT NOT NULL, id TEXT, name TEXT, folder_id TEXT, path TEXT,
        reason TEXT, warnings TEXT NOT NULL DEFAULT '[]', base_revision INTEGER);
      -- In-file dependencies: seq needs on_seq (its folder, what it references).
      CREATE TABLE deps (seq INTEGER NOT NULL, on_seq INTEGER NOT NULL);
      CREATE INDEX deps_on ON deps (on_seq);
      -- How each reference value of a file resolves, for the item types its field names (legacy XML
      -- gives a rule and a rule template of one path the same URI): to an item of the file, or to a repository id.
      CREATE TABLE refmap (
        file INTEGER NOT NULL, value TEXT NOT NULL, targets TEXT NOT NULL, seq INTEGER, repo_id TEXT,
        PRIMARY KEY (file, value, targets));
      -- Target folders by path: reused (is_new 0), created (1), or failed (reason).
      CREATE TABLE folders (path TEXT PRIMARY KEY, id TEXT, is_new INTEGER NOT NULL, seq INTEGER, failed TEXT);
      -- Names this restore gives, to find clashes inside the files.
      CREATE TABLE names (folder_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (folder_id, type, name));
    `);
    this.insertParsed = this.db.prepare(
      'INSERT INTO parsed (file, source_id, type, name, folder_path, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Stores a chunk of parsed items of file number `file`. */
  addParsed(file: number, items: readonly ParsedItem[]): void {
    this.db.transaction(() => {
      for (const item of items) {
        this.insertParsed.run(
          file,
          String(item.sourceId ?? ''),
          String(item.type ?? ''),
          String(item.name ?? ''),
          String(item.folderPath ?? '/'),
          JSON.stringify(item),
        );
      }
    })();
  }

  count(): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM parsed').get() as { n: number }).n);
  }
}
