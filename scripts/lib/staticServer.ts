/**
 * Serves the H5 build of the mini-program (miniapp/dist/h5). Single-page app: a path
 * that is not a file gets index.html. The served index.html carries
 * `<script>window.__ESSC_API_URL__=...;</script>` in its head, so one build works against
 * an API on any port.
 *
 * Every answer carries the security headers a deployed H5 host must send too (README,
 * Deploying): a CSP whose scripts are the build's own files and the page's inline scripts
 * (each given this answer's nonce), no framing, no sniffing, no referrer (the face check
 * returns with its token in the query).
 *
 * Text answers are compressed (brotli when the browser takes it, else gzip) with the
 * `compression` middleware, as a CDN in front of the deployed H5 would: the build is ~490 KB
 * of JavaScript and CSS. A build without its own favicon gets the card icon below, so a browser's
 * /favicon.ico request is not a 404.
 */
import compression from 'compression';
import { constants as zlibConstants } from 'node:zlib';
import { BANK_ORIGINS } from './ports.js';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticServerOptions {
  /** The directory to serve. */
  root: string;
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Injected as window.__ESSC_API_URL__ into index.html. */
  apiUrl: string;
  log?: (line: string) => void;
}

export interface StaticServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The script tag defining window.__ESSC_API_URL__, safe against `</script>` in the value. */
export function apiUrlScript(apiUrl: string): string {
  const json = JSON.stringify(apiUrl).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script>window.__ESSC_API_URL__=${json};</script>`;
}

/** Gives every inline `<script>` (no src) the nonce, so the CSP lets them run and nothing injected. */
export function withScriptNonce(html: string, nonce: string): string {
  return html.replace(/<script(?![^>]*\bsrc=)([^>]*)>/gi, (_tag, attrs: string) => `<script nonce="${nonce}"${attrs}>`);
}

/** The headers of every answer; `nonce` on pages. The API is the one other origin the app talks to. */
export function securityHeaders(apiUrl: string, nonce?: string): Record<string, string> {
  let api = '';
  try {
    api = ` ${new URL(apiUrl).origin}`;
  } catch {
    // a relative API URL is same-origin
  }
  const csp = [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
    // React sets style attributes; Taro's components use them too.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${api}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Only the partner apps' own pages may embed the card (the seeded demo bank's origins;
    // a deployed stage's host lists its channels' registered web origins).
    `frame-ancestors ${BANK_ORIGINS.join(' ')}`,
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** Puts the script first in <head>, before any of the app's own scripts run. */
export function injectApiUrl(html: string, apiUrl: string): string {
  const script = apiUrlScript(apiUrl);
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + script + html.slice(at);
  }
  const htmlTag = /<html(\s[^>]*)?>/i.exec(html);
  if (htmlTag) {
    const at = htmlTag.index + htmlTag[0].length;
    return `${html.slice(0, at)}<head>${script}</head>${html.slice(at)}`;
  }
  return script + html;
}

async function fileAt(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The card icon (the H5 app's favicon when its build has none): a rounded card with a chip. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="4" y="12" width="56" height="40" rx="6" fill="#1f6feb"/><rect x="12" y="22" width="14" height="11" rx="2" fill="#ffd33d"/><rect x="12" y="40" width="36" height="4" rx="2" fill="#ffffff"/></svg>';

/** brotli at a middle quality: near gzip -9's speed, smaller (the pages are compressed per answer). */
const compress = compression({ threshold: 1024, brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } });

export async function startStaticServer(opts: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(opts.root);
  const host = opts.host ?? '127.0.0.1';
  const indexPath = join(root, 'index.html');
  if (!(await fileAt(indexPath))) throw new Error(`static server: ${indexPath} does not exist`);

  /** An HTML page, read on each request (a rebuild shows up at once), with the API URL. */
  const sendPage = async (req: IncomingMessage, res: ServerResponse, page = indexPath): Promise<void> => {
    const nonce = randomBytes(16).toString('base64');
    const html = withScriptNonce(injectApiUrl(await readFile(page, 'utf8'), opts.apiUrl), nonce);
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      ...securityHeaders(opts.apiUrl, nonce),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(securityHeaders(opts.apiUrl))) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request');
      return;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('bad request');
      return;
    }
    const file = resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('forbidden');
      return;
    }
    let info;
    try {
      info = await stat(file);
    } catch {
      info = undefined;
    }
    if (info?.isDirectory() && (await fileAt(join(file, 'index.html')))) {
      await sendPage(req, res, join(file, 'index.html'));
      return;
    }
    if (info?.isFile()) {
      if (/\.html?$/i.test(file)) await sendPage(req, res, file);
      else sendFile(req, res, file, info.size);
      return;
    }

    // Not a file. A missing asset (it has an extension and is not a page) is a 404, so a
    // broken reference shows up as such; anything else is a client-side route.
    const ext = extname(pathname).toLowerCase();
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if ((pathname === '/favicon.ico' || pathname === '/favicon.svg') && !info) {
      const icon = Buffer.from(FAVICON_SVG, 'utf8');
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': icon.length, 'cache-control': 'public, max-age=86400' });
      res.end(req.method === 'HEAD' ? undefined : icon);
      return;
    }
    if (ext && ext !== '.html' && !wantsHtml) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    await sendPage(req, res);
  };

  const sendFile = (req: IncomingMessage, res: ServerResponse, file: string, size: number): void => {
    const hashed = /[.-][0-9a-f]{8,}\./i.test(file);
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-length': size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const server = createServer((req, res) => {
    const run = () =>
      handle(req, res).catch((err: unknown) => {
        opts.log?.(`static server: ${req.url}: ${(err as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal error');
      });
    compress(req as never, res as never, () => void run());
  });
  // Keep-alive sockets from a browser must not hold stop() open.
  server.keepAliveTimeout = 2_000;

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () =>
      (stopped ??= new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      })),
  };
}
