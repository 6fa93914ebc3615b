import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from './errors';

/** The HTTP status of each domain error code. */
const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ITEM_NAME_TAKEN: 409,
  ITEM_IN_USE: 409,
  RESTORE_IN_PROGRESS: 409,
  CONFLICT: 409,
  VERSION_CONFLICT: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FORMAT: 422,
  INVALID_BACKUP: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'VERSION_CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_FORMAT',
  422: 'INVALID_BACKUP',
  429: 'TOO_MANY_REQUESTS',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  [extra: string]: unknown;
}

/**
 * The one place errors become HTTP: domain errors by their stable code, Nest's and
 * body-parser's errors by status, anything else 500 with no internals (SPEC §9).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request>();
    if (connectionGone(response)) {
      // The client gave up (an upload abandoned, a download cancelled): an everyday event, and
      // nobody is left to answer. What it was sending is cleaned up where it was being received.
      this.logger.log(`${request.method} ${request.path}: the connection closed before the exchange ended (the client gave up, or a timeout)`);
      return;
    }
    const problem = toProblem(exception);
    if (problem.status >= 500) {
      this.logger.error(`${request.method} ${request.path}: ${(exception as Error)?.stack ?? String(exception)}`);
    }
    if (response.headersSent) {
      // A streamed response failed midway: all we can do is cut it, so the client sees it broken.
      response.destroy(exception instanceof Error ? exception : undefined);
      return;
    }
    if (typeof problem.retryAfter === 'number') response.setHeader('Retry-After', String(problem.retryAfter));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

/**
 * Nobody is left to answer: the response's socket is closed. (Not the request's: a handler that
 * stops reading a body, as on a 413, destroys the request, yet the response still goes out.)
 */
function connectionGone(response: Response): boolean {
  return !response.socket || response.socket.destroyed;
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof DomainError) {
    return problem(STATUS_OF[exception.code], exception.code, exception.message, exception.extra);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const parserDetail = bodyParserDetail(exception.cause);
    if (parserDetail) return problem(status, CODE_OF_STATUS[status] ?? 'VALIDATION_FAILED', parserDetail);
    const body = exception.getResponse() as string | { message?: string | string[] };
    const messages = typeof body === 'string' ? [body] : Array.isArray(body.message) ? body.message : [body.message ?? exception.message];
    const extra = messages.length > 1 || status === 400 ? { errors: messages.map((message) => ({ message })) } : {};
    return problem(status, CODE_OF_STATUS[status] ?? 'INTERNAL', messages.join('; '), extra);
  }
  // body-parser and raw-body errors carry a status and a type.
  const e = exception as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail = bodyParserDetail(e) ?? e.message ?? 'bad request';
    return problem(status, CODE_OF_STATUS[status] ?? 'VALIDATION_FAILED', detail);
  }
  return problem(500, 'INTERNAL', 'an unexpected error occurred');
}

/** body-parser's errors, told in words that leak nothing of the body. */
function bodyParserDetail(error: unknown): string | null {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return 'the request body is not valid JSON';
  if (type === 'entity.too.large') return 'the request body is too large';
  return null;
}

function problem(status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  return {
    type: `https://strata.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}
