#!/usr/bin/env node
/**
 * Derives the arity table of 1Integrate's rule language (src/repository/domain/rule-language.ts)
 * from real exports: for every node kind, the fewest and most children seen and the attributes
 * present on every occurrence.
 *
 *   node scripts/derive-arity.js [dir ...]
 *
 * Each dir is searched recursively: `*.xml` files are read as legacy XML backups (the `Rule`/
 * `Action` element under an `Item` is the root node), `*.rule` / `*.action` files as 1Integrate
 * sync-tool JSON (`rootTerm`). Defaults: test/fixtures/1integrate/legacy-xml and the HPMS items
 * (test/fixtures/1integrate/hpms-items, else ../shared/fixtures/1integrate/hpms-items).
 * Prints the table as JSON plus a few facts; the TypeScript table was written from its output.
 */
const fs = require('fs');
const path = require('path');
const { SaxesParser } = require('saxes');

const root = path.resolve(__dirname, '..');
const defaults = [
  path.join(root, 'test/fixtures/1integrate/legacy-xml'),
  [path.join(root, 'test/fixtures/1integrate/hpms-items'), path.join(root, '../shared/fixtures/1integrate/hpms-items')].find(
    (p) => fs.existsSync(p),
  ),
].filter(Boolean);
const dirs = process.argv.length > 2 ? process.argv.slice(2) : defaults;

/** kind → { min, max, count, attrsAlways: Set|null, attrsSeen: Set, childKinds: Set, roots } */
const table = new Map();
const rootKinds = new Map(); // "<item kind>: <root kind> > <first child kind>" → count
let itemCount = 0;

function visit(node) {
  const kids = node.predicates || [];
  let e = table.get(node.kind);
  if (!e) table.set(node.kind, (e = { min: Infinity, max: 0, count: 0, attrsAlways: null, attrsSeen: new Set(), childKinds: new Set() }));
  e.count++;
  e.min = Math.min(e.min, kids.length);
  e.max = Math.max(e.max, kids.length);
  const attrs = Object.keys(node.attributes || {});
  attrs.forEach((a) => e.attrsSeen.add(a));
  e.attrsAlways = e.attrsAlways ? new Set([...e.attrsAlways].filter((a) => attrs.includes(a))) : new Set(attrs);
  kids.forEach((k) => e.childKinds.add(k.kind));
  kids.forEach(visit);
}

function addItem(source, rootTerm) {
  itemCount++;
  const first = (rootTerm.predicates || [])[0];
  const key = `${source}: ${rootTerm.kind} > ${first ? first.kind : '(none)'}`;
  rootKinds.set(key, (rootKinds.get(key) || 0) + 1);
  visit(rootTerm);
}

/** Legacy XML: every Rule/Action element that is the body of an Item becomes one tree. */
function readXml(file) {
  const parser = new SaxesParser({ xmlns: true });
  const stack = []; // open elements: { name, node|null }
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    let node = null;
    if (parent && parent.node) {
      node = { kind: tag.local };
      const attrs = Object.values(tag.attributes).filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns');
      if (attrs.length) node.attributes = Object.fromEntries(attrs.map((a) => [a.local, a.value]));
      (parent.node.predicates = parent.node.predicates || []).push(node);
    } else if (parent && parent.name === 'Item' && (tag.local === 'Rule' || tag.local === 'Action')) {
      node = { kind: tag.local };
    }
    stack.push({ name: tag.local, node });
  });
  parser.on('closetag', () => {
    const done = stack.pop();
    const parent = stack[stack.length - 1];
    if (done.node && parent && parent.name === 'Item') addItem('xml', done.node);
  });
  parser.write(fs.readFileSync(file, 'utf8')).close();
}

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

for (const dir of dirs) {
  for (const file of walk(dir)) {
    if (file.endsWith('.xml')) readXml(file);
    else if (file.endsWith('.rule') || file.endsWith('.action')) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      addItem(path.extname(file).slice(1) + (json.template ? ' template' : ''), json.rootTerm);
    }
  }
}

const out = {};
for (const [kind, e] of [...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  out[kind] = {
    min: e.min,
    max: e.max,
    count: e.count,
    required: [...e.attrsAlways].sort(),
    optional: [...e.attrsSeen].filter((a) => !e.attrsAlways.has(a)).sort(),
    children: [...e.childKinds].sort(),
  };
}
console.log(JSON.stringify({ dirs, items: itemCount, roots: Object.fromEntries(rootKinds), kinds: out }, null, 1));
