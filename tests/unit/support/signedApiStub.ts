/**
 * A stand-in for essc's signed APIs (the Terminal API, the portal API) for the local page
 * servers' tests: an HTTP server on a free 127.0.0.1 port that reads each request, checks
 * its signature against the test's secret and lets the test answer with JSON.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../../functions/core/signing/signature.rules.js';

export interface Received {
  method: string;
  pathWithQuery: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  signature: ReturnType<typeof verifySignature>;
}

export interface StubAnswer {
  status: number;
  body: unknown;
}

/** essc's answer to a request whose signature does not verify. */
export const BAD_SIGNATURE: StubAnswer = {
  status: 401,
  body: { type: 'x', title: 'Unauthorized', status: 401, detail: 'bad signature', code: 'bad_signature' },
};

export interface SignedApiStub {
  /** http://127.0.0.1:{port} */
  url: string;
  close(): Promise<void>;
}

/** Starts the stand-in; `answer` sees every request (signature checked, not enforced) and answers it. */
export async function startSignedApiStub(secret: string, answer: (r: Received) => StubAnswer): Promise<SignedApiStub> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const pathWithQuery = req.url!;
    const signature = verifySignature(
      secret,
      { method: req.method!, pathWithQuery, timestamp: String(req.headers['x-essc-timestamp']), nonce: String(req.headers['x-essc-nonce']), body },
      req.headers['x-essc-signature'] as string | undefined,
      Date.now() / 1000,
    );
    const a = answer({ method: req.method!, pathWithQuery, headers: req.headers, body, signature });
    res.writeHead(a.status, { 'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
