import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/** Each request gets a correlation id (the client's X-Request-Id when it is sane), echoed back. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  (req as Request & { correlationId: string }).correlationId = id;
  res.setHeader('X-Request-Id', id);
  next();
}
