// Another process writing to a Strata log (events.db) through the built SqliteEventStore, for the
// contention suite (test/contention.e2e-spec.ts). Plain JavaScript: it runs as a child process of
// Jest, on the compiled store.
//
//   node log-writer.js <events.db> race <name> <count>   after "go" on stdin, <count> appends of
//       [an event of stream <name>, an event of stream "shared" expecting the revision just read],
//       a conflicting one decided again; prints {"appended", "conflicts"}
//   node log-writer.js <events.db> once <name>           one append; prints {"position"} or {"error", "ms"}
const { randomUUID } = require('node:crypto');
const path = require('node:path');
const readline = require('node:readline');
const dist = path.resolve(__dirname, '../../dist/src/event-store');
const { SqliteEventStore } = require(path.join(dist, 'sqlite/sqlite-event-store.js'));
const { WrongExpectedRevisionError } = require(path.join(dist, 'event-store.js'));

const [file, mode, name, count] = process.argv.slice(2);
const event = (streamId, type) => {
  const id = randomUUID();
  return { streamId, type, data: { by: name }, metadata: { userId: name, userName: name, at: new Date().toISOString(), correlationId: id, causationId: id } };
};
const print = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

async function race(store) {
  process.stdout.write('ready\n');
  await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
  let conflicts = 0;
  for (let appended = 0; appended < Number(count); ) {
    const revision = await store.streamRevision('shared');
    try {
      await store.append([event(name, 'Wrote'), event('shared', 'Wrote')], { expected: new Map([['shared', revision]]) });
      appended++;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      conflicts++;
    }
  }
  print({ appended: Number(count), conflicts });
  return store;
}

/** Opening the store is part of it: a store writes its schema when it opens. */
async function once() {
  const started = Date.now();
  let store;
  try {
    store = new SqliteEventStore(file);
    const { lastPosition } = await store.append([event(name, 'Wrote')]);
    print({ position: String(lastPosition), ms: Date.now() - started });
  } catch (error) {
    print({ error: error.code ?? error.message, ms: Date.now() - started });
  } finally {
    await store?.close();
  }
}

(mode === 'race' ? race(new SqliteEventStore(file)).then((store) => store.close()) : once()).catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
