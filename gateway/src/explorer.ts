import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { REPO_ROOT } from '@cdp/shared';

/** Where `npm run build` writes the explorer (Vite, from gateway/explorer). */
export const EXPLORER_DIST = join(REPO_ROOT, 'gateway', 'explorer', 'dist');

/** The path the explorer is served under; Vite builds it with this base. */
export const EXPLORER_PATH = '/explorer';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The page talks to this origin only: GraphQL over HTTP and graphql-ws. Cytoscape sets inline
 * styles on its canvas elements, hence 'unsafe-inline' for styles (never for scripts).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** The file under `dist` a request path names, or null for a path that leaves it. */
function fileFor(dist: string, pathname: string): string | null {
  const rest = pathname.slice(EXPLORER_PATH.length).replace(/^\/+/, '');
  if (rest === '' || rest === 'index.html') return join(dist, 'index.html');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = normalize(join(dist, decoded));
  return file.startsWith(dist + sep) ? file : null;
}

/**
 * Serves the built Customer 360 explorer under /explorer: index.html for the page itself, the
 * hashed assets with long caching. Resolves false for any other path so the caller can go on
 * (the tracking API, then GraphQL), like the tracking handler. When the build is missing it
 * answers 503 saying how to make it, rather than a confusing 404.
 */
export function createExplorerHandler(dist: string = EXPLORER_DIST): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (pathname !== EXPLORER_PATH && !pathname.startsWith(`${EXPLORER_PATH}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'The explorer only answers GET and HEAD.\n', { allow: 'GET, HEAD' });
      return true;
    }
    const index = await stat(join(dist, 'index.html')).catch(() => null);
    if (index === null) {
      sendText(res, 503, 'The explorer is not built. Run `npm run build` in the repository, then reload this page.\n', { 'retry-after': '30' });
      return true;
    }
    const file = fileFor(dist, pathname);
    const info = file === null ? null : await stat(file).catch(() => null);
    if (file === null || info === null || !info.isFile()) {
      sendText(res, 404, `Not found: ${pathname}\n`);
      return true;
    }
    const isIndex = file === join(dist, 'index.html');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(info.size),
      // Vite names assets by content hash; the page itself must always be fresh.
      'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(file);
      stream.once('error', reject);
      res.once('close', () => resolve());
      stream.pipe(res);
    });
    return true;
  };
}
