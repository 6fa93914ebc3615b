import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, RequestHandler, Response } from 'express';
import express from 'express';
import { Observable, from, switchMap } from 'rxjs';
import type { StrataConfig } from '../../config/config';
import { LIMITS } from '../../repository/domain/limits';
import { hasMoreBracketsThan, textNestsDeeperThan } from '../json-text-nesting';

const NO_BODY_PARSING = 'strata:no-body-parsing';

/** The handler streams its request body itself (uploads, restores) or takes none: never parse it as JSON. */
export const NoBodyParsing = () => SetMetadata(NO_BODY_PARSING, true);

/**
 * The one place the JSON body parser is configured: JSON bodies of ordinary API calls, up to
 * STRATA_MAX_JSON_BYTES (more → 413, malformed or too deep → 400, problem+json through the filter).
 */
export function jsonBodyParser(config: StrataConfig): RequestHandler {
  return express.json({ limit: config.maxJsonBodyBytes, type: (req) => isJsonRequest(req.headers['content-type']), verify: refuseDeepJson });
}

/**
 * A JSON body may nest one level more than an item's content (the body wraps it): anything deeper
 * is refused from its text, before it is parsed and before validation walks it recursively.
 */
const MAX_BODY_DEPTH = LIMITS.contentDepth + 1;

function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  const text = body.toString('utf8');
  if (hasMoreBracketsThan(text, MAX_BODY_DEPTH) && textNestsDeeperThan(text, MAX_BODY_DEPTH)) {
    const detail = `the request body nests deeper than ${MAX_BODY_DEPTH} levels of arrays and objects (an item's content: ${LIMITS.contentDepth})`;
    throw Object.assign(new Error(detail), { status: 400, type: 'entity.too.deep' });
  }
}

function isJsonRequest(contentType: string | undefined): boolean {
  return !!contentType && /^application\/([\w.+-]*\+)?json\b/i.test(contentType);
}

/**
 * Runs the JSON body parser for the matched route once the guards have let the request through
 * (Nest runs guards, then interceptors, then the pipes that read `@Body()`): an unauthenticated
 * client never has its body read, let alone parsed (issue 18). Unknown routes and handlers marked
 * @NoBodyParsing() are left alone.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly parse: RequestHandler;

  constructor(
    config: StrataConfig,
    private readonly reflector: Reflector,
  ) {
    this.parse = jsonBodyParser(config);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(NO_BODY_PARSING, [context.getHandler(), context.getClass()])) return next.handle();
    const http = context.switchToHttp();
    const [req, res] = [http.getRequest<Request>(), http.getResponse<Response>()];
    const parsed = new Promise<void>((resolve, reject) => this.parse(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
    return from(parsed).pipe(switchMap(() => next.handle()));
  }
}
