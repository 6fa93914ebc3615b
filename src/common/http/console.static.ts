import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';

/** Where `npm run build` puts the console: dist/console, seen from dist/src/common/http or from src/common/http (tests). */
export function consoleDir(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../../../dist/console'), path.resolve(__dirname, '../../../dist/console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

const isApi = (p: string) => p === '/api' || p.startsWith('/api/');

/**
 * The admin console at `/`: its static files, and index.html for any other GET outside /api that
 * looks like a page (no file extension), so reloading /history or /admin works. These are plain
 * Express middleware in front of Nest's router, so the API's auth guard does not see them; /api is
 * left entirely to Nest (its 404s stay problem+json). Without a built console this does nothing.
 */
export function serveConsole(app: NestExpressApplication, dir = consoleDir()): void {
  if (!dir) return;
  const index = path.join(dir, 'index.html');
  const files = express.static(dir, {
    index: false,
    redirect: false,
    setHeaders: (res, file) => {
      // Vite names assets by content hash: they never change; index.html always revalidates.
      const hashed = file.startsWith(path.join(dir, 'assets') + path.sep);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Its content security policy and the other security headers come from securityHeaders().
  const sendIndex = (res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    if (req.path === '/' || req.path === '/index.html') return sendIndex(res);
    files(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (path.extname(req.path) === '' && req.accepts(['html', 'json']) === 'html') return sendIndex(res);
      next();
    });
  });
}
