import {
  CLASS,
  CLASS_ATTRIBUTE,
  DATASTORE_CLASSES,
  DATASTORE_PARAMS,
  DATASTORE_TEXT,
  PARAM,
  PROPERTY,
  TASK_REFERENCES,
  TASK_SUFFIX,
} from '../../src/backup/writers/legacy-xml-format';
import type { XmlElement } from './legacy-xml-body';
import type { ParseProblem } from './parsed-item';

/**
 * Action map, data store and session bodies (layout in src/backup/writers/legacy-xml-format.ts).
 * References stay the URIs found in the file. Anything unexpected is reported, never dropped
 * silently.
 */
type Obj = Record<string, unknown>;
type Handler = (child: XmlElement) => boolean;

/** Param datatypes whose value never comes from a backup: secrets and uploaded files (any case). */
const VALUE_DROPPED = new Set(['password', 'upload']);

export function actionMapContent(body: XmlElement, problems: ParseProblem[]): Obj {
  const pairs: Obj[] = [];
  const content = generic(body, problems, (child) => {
    if (child.name !== 'RuleActionPair') return false;
    const pair: Obj = {};
    const reference: Handler = (ref) => {
      if (ref.name !== 'Rule' && ref.name !== 'Action') return false;
      pair[ref.name === 'Rule' ? 'rule' : 'action'] = ref.text;
      return true;
    };
    pairs.push(generic(child, problems, reference, pair));
    return true;
  });
  return content.pairs === undefined ? { pairs, ...content } : content;
}

export function dataStoreContent(body: XmlElement, problems: ParseProblem[]): Obj {
  const content: Obj = {};
  const text = inverse(DATASTORE_TEXT);
  const params = inverse(DATASTORE_PARAMS);
  const classes = inverse(DATASTORE_CLASSES);
  return generic(
    body,
    problems,
    (child) => {
      if (text[child.name]) content[text[child.name]] = child.text;
      else if (params[child.name]) content[params[child.name]] = children(child, PARAM, problems).map((p) => param(p, problems));
      else if (classes[child.name]) {
        content[classes[child.name]] = children(child, CLASS, problems).map((cls) => classOf(cls, problems));
      } else return false;
      return true;
    },
    content,
  );
}

/** `<Class name …><Attribute …/>*</Class>` → `{name, …, attrs: [...]}` (attrs only when written). */
function classOf(cls: XmlElement, problems: ParseProblem[]): Obj {
  const attrs: Obj[] = [];
  const out = generic(cls, problems, (child) => {
    if (child.name !== CLASS_ATTRIBUTE) return false;
    attrs.push(generic(child, problems));
    return true;
  });
  return attrs.length > 0 ? { ...out, attrs } : out;
}

function param(el: XmlElement, problems: ParseProblem[]): Obj {
  const p = generic(el, problems);
  const datatype = typeof p.datatype === 'string' ? p.datatype : '';
  if (typeof p.name !== 'string' || datatype === '') {
    problems.push({ code: 'INVALID_CONTENT', message: `a <${PARAM}> needs "name" and "datatype" attributes` });
  }
  // `value` comes right after name and datatype, as in Strata's Param; absent → null.
  const { name, value, ...rest } = p;
  return { name, datatype, value: VALUE_DROPPED.has(datatype.toLowerCase()) || typeof value !== 'string' ? null : value, ...rest };
}

export function sessionContent(body: XmlElement, problems: ParseProblem[]): Obj {
  const tasks: Obj[] = [];
  const content = generic(body, problems, (child) => {
    if (child.name !== 'Tasks') return false;
    for (const el of child.children) tasks.push(task(el, problems));
    return true;
  });
  return body.children.some((c) => c.name === 'Tasks') ? { tasks, ...content } : content;
}

function task(el: XmlElement, problems: ParseProblem[]): Obj {
  const single = inverse(TASK_REFERENCES.single);
  const many = inverse(TASK_REFERENCES.many);
  const out: Obj = {};
  if (el.name === TASK_SUFFIX) out.kind = el.attributes.kind ?? '';
  else if (el.name.endsWith(TASK_SUFFIX)) out.kind = el.name.slice(0, -TASK_SUFFIX.length);
  else problems.push({ code: 'INVALID_CONTENT', message: `<${el.name}> in <Tasks> is not a task element (…Task)` });
  return generic(
    { ...el, attributes: withoutKey(el.attributes, el.name === TASK_SUFFIX ? 'kind' : '') },
    problems,
    (ref) => {
      if (single[ref.name]) out[single[ref.name]] = ref.text;
      else if (many[ref.name]) ((out[many[ref.name]] ??= []) as string[]).push(ref.text);
      else return false;
      return true;
    },
    out,
  );
}

/**
 * The generic rule: attributes are string fields, `<Property name="k">JSON</Property>` any
 * field; `handle` takes the children it knows; any other child is reported.
 */
function generic(el: XmlElement, problems: ParseProblem[], handle: Handler = () => false, into: Obj = {}): Obj {
  Object.assign(into, el.attributes);
  for (const child of el.children) {
    if (handle(child)) continue;
    if (child.name === PROPERTY && typeof child.attributes.name === 'string') {
      try {
        into[child.attributes.name] = JSON.parse(child.text);
      } catch {
        problems.push({ code: 'INVALID_CONTENT', message: `<${PROPERTY} name="${child.attributes.name}"> does not hold JSON` });
      }
    } else {
      problems.push({ code: 'UNSUPPORTED_CONTENT', message: `unexpected <${child.name}> in <${el.name}>` });
    }
  }
  return into;
}

function children(el: XmlElement, name: string, problems: ParseProblem[]): XmlElement[] {
  for (const c of el.children) {
    if (c.name !== name) problems.push({ code: 'UNSUPPORTED_CONTENT', message: `unexpected <${c.name}> in <${el.name}>` });
  }
  return el.children.filter((c) => c.name === name);
}

function inverse(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k]));
}

function withoutKey(obj: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
}
