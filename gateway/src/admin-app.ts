import { createReadStream, existsSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@praxis/platform';

export const ADMIN_PATH = '/admin/';

/** No inline script, no framing, and nothing fetched from elsewhere: the app talks to this origin only. */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine sets style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};
/** Vite writes content-hashed file names under assets/, so those never change once served. */
const HASHED_FOLDER = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', ADMIN_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
}

function notFound(reply: FastifyReply) {
  return securityHeaders(reply).code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found.');
}

/**
 * The path under the app's folder that a request names, or undefined when it names none safely:
 * undecodable, or with a dot segment, a backslash or a NUL in it, raw or percent-encoded.
 */
export function relativeAppPath(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0]!;
  if (!path.startsWith(ADMIN_PATH)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.slice(ADMIN_PATH.length));
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) return undefined;
  return segments.filter(Boolean).join('/');
}

async function regularFileWithin(root: string, relative: string): Promise<{ path: string; stats: Stats } | undefined> {
  if (relative === '') return undefined;
  try {
    // realpath, so a symbolic link in the folder cannot lead out of it.
    const path = await realpath(join(root, relative));
    if (!path.startsWith(root + sep)) return undefined;
    const stats = await stat(path);
    return stats.isFile() ? { path, stats } : undefined;
  } catch {
    return undefined;
  }
}

function send(httpRequest: FastifyRequest, reply: FastifyReply, file: { path: string; stats: Stats }, cacheControl: string) {
  const etag = `W/"${file.stats.size.toString(16)}-${Math.floor(file.stats.mtimeMs).toString(16)}"`;
  securityHeaders(reply)
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('last-modified', file.stats.mtime.toUTCString())
    .type(TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream');
  if (httpRequest.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(200).header('content-length', String(file.stats.size)).send(createReadStream(file.path));
}

/**
 * Serves the built admin app (admin/dist) at /admin/ on the gateway's own origin, so the app and
 * the graph share one origin and the session cookie never crosses sites. Paths that name no file
 * and look like client routes (no extension) get index.html; everything else unknown is 404.
 * Nothing is served when the folder has no index.html, which is said once in the log.
 */
export async function registerAdminApp(app: FastifyInstance, options: { dir: string; logger: Logger }): Promise<boolean> {
  if (!existsSync(join(options.dir, 'index.html'))) {
    options.logger.info({ dir: options.dir }, 'admin app not built (no index.html in ADMIN_APP_DIR): /admin/ is off; `npm start` builds it');
    return false;
  }
  const root = await realpath(options.dir);
  const index = join(root, 'index.html');

  app.get('/admin', (httpRequest, reply) => {
    const query = httpRequest.url.indexOf('?');
    return securityHeaders(reply).redirect(ADMIN_PATH + (query >= 0 ? httpRequest.url.slice(query) : ''), 301);
  });
  app.get(`${ADMIN_PATH}*`, async (httpRequest, reply) => {
    const relative = relativeAppPath(httpRequest.url);
    if (relative === undefined) return notFound(reply);
    const file = await regularFileWithin(root, relative);
    if (file) return send(httpRequest, reply, file, relative.startsWith(HASHED_FOLDER) ? IMMUTABLE : 'no-cache');
    if (relative.startsWith(HASHED_FOLDER) || extname(relative) !== '') return notFound(reply);
    const page = await regularFileWithin(root, 'index.html');
    if (!page) return notFound(reply);
    return send(httpRequest, reply, { ...page, path: index }, 'no-cache');
  });
  options.logger.info({ dir: root }, 'admin app served at /admin/');
  return true;
}
