import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type OpenApi = { paths: Record<string, Record<string, any>>; components: Record<string, any> } & Record<string, any>;

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path/{param}` for every operation of the document. */
export function operations(doc: OpenApi): string[] {
  return Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`));
}

/**
 * Checks real responses against the document: the status must be declared for the operation, the
 * content type among its media types, and a JSON body must match the declared schema (ajv, with
 * OpenAPI 3.0's `nullable`). Records which operations it has seen.
 */
export class ResponseChecker {
  readonly seen = new Set<string>();
  private readonly ajv: Ajv;

  constructor(private readonly doc: OpenApi) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(doc, 'openapi.json');
  }

  /** The operation whose path template matches `url` (path params as `{name}`). */
  operationOf(method: string, url: string): string {
    const pathname = url.split('?')[0];
    const template = Object.keys(this.doc.paths).find(
      (p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname) && this.doc.paths[p][method.toLowerCase()],
    );
    if (!template) throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
    return `${method.toUpperCase()} ${template}`;
  }

  /** Fails (throws, with ajv's errors) unless the response is as the document declares. */
  check(method: string, url: string, res: { status: number; headers: Record<string, any>; body: unknown; text?: string }): void {
    const operation = this.operationOf(method, url);
    const [verb, template] = operation.split(' ');
    const responses = this.doc.paths[template][verb.toLowerCase()].responses;
    const declared = responses[String(res.status)];
    if (!declared) throw new Error(`${operation} answered ${res.status}, which it does not declare (${Object.keys(responses).join(', ')})`);
    this.seen.add(operation);
    if (res.status === 204) return;
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const media = declared.content?.[type];
    if (!media) throw new Error(`${operation} ${res.status} sent ${type}, declared: ${Object.keys(declared.content ?? {}).join(', ') || 'no body'}`);
    if (media.schema?.format === 'binary') return;
    const pointer = ['paths', template, verb.toLowerCase(), 'responses', String(res.status), 'content', type, 'schema']
      .map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1')))
      .join('/');
    const validate = this.ajv.getSchema(`openapi.json#/${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    if (!validate(res.body)) {
      throw new Error(
        `${operation} ${res.status} does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 600)}`,
      );
    }
  }
}
