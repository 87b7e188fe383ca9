/**
 * The plumbing the sandbox provider services share (scripts/sandbox/face, payment and push
 * server.ts): answers that are never cached or sniffed, HTML pages under a script-free CSP,
 * request bodies read with a size limit, errors answered as JSON `{error, field?}`, the
 * listen/close lifecycle and the "run directly with tsx" check. Each server keeps its own
 * routes, limits, error codes and wording; this module only carries them.
 */
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/** An error the caller is told about: answered as `status` with `{error: code, field?}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(code);
  }
}

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** `body` as `type`, with its length, never cached and never content-sniffed; `extra` headers on top. */
export function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/**
 * A page: no referrer, no scripts at all (its buttons are plain forms), inline styles, and
 * framed only by `frameAncestors` (a CSP source list; `'none'` by default). No form-action:
 * a form's answer may redirect to the caller's return URL, on another origin.
 */
export function sendHtml(res: ServerResponse, status: number, html: string, frameAncestors = "'none'"): void {
  send(res, status, 'text/html; charset=utf-8', html, {
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors ${frameAncestors}`,
  });
}

/** 303 See Other to `location` (after a page's form), not cached. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/** The request body as text; past `maxBytes` a 413 `body_too_large`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, 'body_too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A body that must be one JSON object, else a 400 `invalid_json` (past `maxBytes` a 413
 * `body_too_large`). An empty body reads as `{}` when `emptyIsObject`, else it is refused.
 */
export async function readJsonObject(req: IncomingMessage, opts: { maxBytes: number; emptyIsObject: boolean }): Promise<Record<string, unknown>> {
  const text = await readBody(req, opts.maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text === '' && opts.emptyIsObject ? '{}' : text);
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'invalid_json');
  return value as Record<string, unknown>;
}

export interface JsonServerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The URL browsers use to reach the server, if not http://<host>:<port> (a trailing slash is dropped). */
  publicUrl?: string | undefined;
  /** The `error` of a 500, for anything `route` throws that is not an HttpError. */
  internalErrorCode: string;
}

export interface JsonServer {
  /** The origin, without a trailing slash: http://127.0.0.1:3100 */
  url: string;
  /** Stops listening and drops open connections; the same promise on every call. */
  close(): Promise<void>;
}

/**
 * Listens on `port`/`host` and hands every request to `route`. An HttpError it throws is
 * answered as `{error, field?}` with its status, anything else as a 500; once an answer has
 * begun, the connection is dropped instead.
 */
export async function startJsonServer(route: (req: IncomingMessage, res: ServerResponse) => Promise<void>, opts: JsonServerOptions): Promise<JsonServer> {
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) sendJson(res, err.status, { error: err.code, ...(err.field === undefined ? {} : { field: err.field }) });
      else sendJson(res, 500, { error: opts.internalErrorCode });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' || opts.host.includes(':') ? `[${address.address}]` : opts.host;
  const url = (opts.publicUrl ?? `http://${hostForUrl}:${address.port}`).replace(/\/+$/, '');

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the one node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}
