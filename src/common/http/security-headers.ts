import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Everything comes from the service itself: no CDN, no inline script or style (the console). */
const STRICT = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/** The OpenAPI UI (Swagger UI's own page) has inline <style> blocks; its scripts are files. */
const DOCS = { ...STRICT, styleSrc: ["'self'", "'unsafe-inline'"] };

const headers = (directives: typeof STRICT) =>
  helmet({
    // useDefaults: false leaves out upgrade-insecure-requests: the service speaks plain HTTP
    // unless a proxy in front of it terminates TLS, and that proxy owns HSTS too.
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');
const isDocs = (p: string) => p === '/api/docs' || p.startsWith('/api/docs/');

/**
 * helmet's headers on every response (nosniff, no framing, no referrer, a content security
 * policy), and `Cache-Control: no-store` on the API's, which carry repository data (issue 18).
 * The console's files set their own caching (console.static.ts).
 */
export function securityHeaders(): RequestHandler {
  const strict = headers(STRICT);
  const docs = headers(DOCS);
  return (req: Request, res: Response, next: NextFunction) => {
    if (isApi(req.path)) res.setHeader('Cache-Control', 'no-store');
    (isDocs(req.path) ? docs : strict)(req, res, next);
  };
}
