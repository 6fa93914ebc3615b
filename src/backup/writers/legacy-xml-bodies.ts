import { isPasswordParam, type ItemContent } from '../../repository/domain/item';
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
} from './legacy-xml-format';
import { INDENT } from './legacy-xml-rule-body';
import { attrs, escapeText, isXmlName, textElement } from './xml-text';

/**
 * Bodies of action maps, data stores and sessions (layout documented in legacy-xml-format.ts).
 * `uriOf` turns a referenced item id into its `TYPE://path` URI.
 */
type UriOf = (id: string) => string;
type Obj = Record<string, unknown>;

export function actionMapBody(content: ItemContent, indent: string, uriOf: UriOf): string {
  const inner = indent + INDENT;
  let body = '';
  const pairs = content.pairs;
  const structured = Array.isArray(pairs) && pairs.every(isObject);
  if (structured) {
    for (const pair of pairs as Obj[]) {
      let refs = '';
      for (const [key, element] of [['rule', 'Rule'], ['action', 'Action']] as const) {
        if (typeof pair[key] === 'string') refs += textElement(inner + INDENT, element, uriOf(pair[key] as string));
      }
      const rest = Object.fromEntries(Object.entries(pair).filter(([k, v]) => !(['rule', 'action'].includes(k) && typeof v === 'string')));
      body += element(inner, 'RuleActionPair', rest, refs);
    }
  }
  return element(indent, 'ActionMap', without(content, structured ? ['pairs'] : []), body);
}

export function dataStoreBody(content: ItemContent, indent: string): string {
  const inner = indent + INDENT;
  const used: string[] = [];
  let body = '';
  for (const side of ['import', 'export'] as const) {
    const typeKey = `${side}Type` as keyof typeof DATASTORE_TEXT;
    const paramsKey = `${side}Credentials` as keyof typeof DATASTORE_PARAMS;
    const classesKey = `${side}Classes` as keyof typeof DATASTORE_CLASSES;
    if (typeof content[typeKey] === 'string') {
      body += textElement(inner, DATASTORE_TEXT[typeKey], content[typeKey] as string);
      used.push(typeKey);
    }
    if (isParamList(content[paramsKey])) {
      body += element(inner, DATASTORE_PARAMS[paramsKey], {}, paramsXml(content[paramsKey] as Obj[], inner + INDENT));
      used.push(paramsKey);
    }
    if (isClassList(content[classesKey])) {
      body += classesXml(DATASTORE_CLASSES[classesKey], content[classesKey] as Obj[], inner);
      used.push(classesKey);
    }
  }
  if (isClassList(content.userDefinedClasses)) {
    body += classesXml(DATASTORE_CLASSES.userDefinedClasses, content.userDefinedClasses as Obj[], inner);
    used.push('userDefinedClasses');
  }
  return element(indent, 'DataStore', without(content, used), body);
}

export function sessionBody(content: ItemContent, indent: string, uriOf: UriOf): string {
  const inner = indent + INDENT;
  const tasks = content.tasks;
  const structured = Array.isArray(tasks) && tasks.every(isObject);
  let body = '';
  if (structured) {
    let taskXml = '';
    for (const task of tasks as Obj[]) taskXml += taskElement(task, inner + INDENT, uriOf);
    body = element(inner, 'Tasks', {}, taskXml);
  }
  return element(indent, 'Session', without(content, structured ? ['tasks'] : []), body);
}

function taskElement(task: Obj, indent: string, uriOf: UriOf): string {
  const kind = typeof task.kind === 'string' ? task.kind : '';
  const named = kind !== '' && isXmlName(kind + TASK_SUFFIX);
  const used = ['kind'];
  let refs = '';
  for (const [key, el] of Object.entries(TASK_REFERENCES.single)) {
    if (typeof task[key] === 'string') {
      refs += textElement(indent + INDENT, el, uriOf(task[key] as string));
      used.push(key);
    }
  }
  for (const [key, el] of Object.entries(TASK_REFERENCES.many)) {
    const ids = task[key];
    if (Array.isArray(ids) && ids.length > 0 && ids.every((id) => typeof id === 'string')) {
      for (const id of ids as string[]) refs += textElement(indent + INDENT, el, uriOf(id));
      used.push(key);
    }
  }
  const rest = without(task, used);
  return named ? element(indent, kind + TASK_SUFFIX, rest, refs) : element(indent, TASK_SUFFIX, { kind, ...rest }, refs);
}

function paramsXml(params: Obj[], indent: string): string {
  let out = '';
  for (const p of params) {
    const fixed: [string, string][] = [['name', p.name as string], ['datatype', p.datatype as string]];
    // Secrets: a password param never carries a value, whatever the caller passed.
    if (typeof p.value === 'string' && !isPasswordParam(p)) fixed.push(['value', p.value]);
    if (typeof p.displayValue === 'string') fixed.push(['displayValue', p.displayValue]);
    const rest = without(p, ['name', 'datatype', 'value', ...(typeof p.displayValue === 'string' ? ['displayValue'] : [])]);
    out += element(indent, PARAM, rest, '', fixed);
  }
  return out;
}

function classesXml(name: string, classes: Obj[], indent: string): string {
  let inner = '';
  for (const cls of classes) {
    let attrXml = '';
    if (Array.isArray(cls.attrs)) for (const a of cls.attrs as Obj[]) attrXml += element(indent + INDENT + INDENT, CLASS_ATTRIBUTE, a, '');
    inner += element(indent + INDENT, CLASS, without(cls, Array.isArray(cls.attrs) ? ['attrs'] : []), attrXml);
  }
  return element(indent, name, {}, inner);
}

/**
 * `<name a="…">children<Property name="k">json</Property></name>`: string fields with XML-name
 * keys are attributes (after `fixed`), every other field a Property with its JSON.
 */
function element(indent: string, name: string, fields: Obj, children: string, fixed: [string, string][] = []): string {
  const pairs = [...fixed];
  let props = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string' && isXmlName(key)) pairs.push([key, value]);
    else props += `${indent + INDENT}<${PROPERTY}${attrs([['name', key]])}>${escapeText(JSON.stringify(value))}</${PROPERTY}>\n`;
  }
  const inner = children + props;
  return inner === '' ? `${indent}<${name}${attrs(pairs)}/>\n` : `${indent}<${name}${attrs(pairs)}>\n${inner}${indent}</${name}>\n`;
}

function without(obj: Obj, keys: string[]): Obj {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

function isObject(value: unknown): value is Obj {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isParamList(value: unknown): boolean {
  return Array.isArray(value) && value.every((p) => isObject(p) && typeof p.name === 'string' && typeof p.datatype === 'string');
}

function isClassList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((c) => isObject(c) && (c.attrs === undefined || (Array.isArray(c.attrs) && c.attrs.every(isObject))))
  );
}
