/**
 * essc's KMS Decrypt against a local server that answers as KMS does (fixtures from the KMS API
 * reference). The request is checked three ways: its signature verifies as KMS would verify it
 * (re-signed from what arrived on the wire), and it carries what `@aws-sdk/client-kms` itself
 * sends for the same call (target, content type, body, credential scope).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pii } from '../../../../functions/core/pii/crypto.js';
import { KmsError, kmsDecrypt, kmsEndpoint } from '../../../../functions/core/pii/kmsDecrypt.js';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/providers/aws-kms-decrypt.json', import.meta.url), 'utf8')) as {
  target: string;
  contentType: string;
  response: { Plaintext: string };
  errors: Record<string, { status: number; body: Record<string, string> }>;
};
const CREDENTIALS = { accessKeyId: 'AKIDESSCTEST', secretAccessKey: 'essc-test-secret-key', sessionToken: 'essc-session-token' };
const REGION = 'ap-east-1';
const BLOB = Buffer.from('a KMS ciphertext blob names its key inside');

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

let server: Server;
let endpoint: string;
let received: Received[] = [];
let answers: { status: number; body: string }[] = [];

/** What KMS does first: recompute the SigV4 signature over the headers the request says it signed. */
async function verifySignature(req: IncomingMessage, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/kms\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match || match[1] !== CREDENTIALS.accessKeyId || match[3] !== REGION) return false;
  const signedHeaders = match[4]!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date') || !signedHeaders.includes('x-amz-target')) return false;
  const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(req.headers[h])]));
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const [hostname, port] = String(req.headers.host).split(':');
  const request = new HttpRequest({ method: req.method!, protocol: 'http:', hostname: hostname!, port: Number(port), path: req.url!, headers, body });
  const signer = new SignatureV4({ service: 'kms', region: REGION, credentials: CREDENTIALS, sha256: Sha256 });
  const resigned = await signer.sign(request, { signingDate, unsignableHeaders: new Set(Object.keys(req.headers).filter((h) => !signedHeaders.includes(h))) });
  return resigned.headers.authorization === auth;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', async () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body, signatureValid: await verifySignature(req, body) });
      const answer = answers.shift() ?? { status: 200, body: JSON.stringify(fixture.response) };
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received = [];
  answers = [];
});

const noSleep = { sleep: async () => {} };
const decrypt = (options = {}) => kmsDecrypt(BLOB, { endpoint, region: REGION, credentials: async () => CREDENTIALS, ...noSleep, ...options });
const answer = (name: string) => ({ status: fixture.errors[name]!.status, body: JSON.stringify(fixture.errors[name]!.body) });

describe('KMS Decrypt', () => {
  it('sends a signed Decrypt that KMS would verify, as the SDK client sends it, and returns the plaintext', async () => {
    const plaintext = await decrypt();
    expect(plaintext).toEqual(Buffer.from(fixture.response.Plaintext, 'base64'));
    expect(plaintext).toHaveLength(32);

    const sdk = new KMSClient({ endpoint, region: REGION, credentials: CREDENTIALS });
    const sdkOut = await sdk.send(new DecryptCommand({ CiphertextBlob: BLOB }));
    expect(Buffer.from(sdkOut.Plaintext!)).toEqual(plaintext);

    const [ours, theirs] = received;
    expect(ours!.signatureValid).toBe(true);
    expect(theirs!.signatureValid).toBe(true);
    for (const r of [ours!, theirs!]) {
      expect(r.headers['x-amz-target']).toBe(fixture.target);
      expect(r.headers['content-type']).toBe(fixture.contentType);
      expect(r.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    }
    expect({ method: ours!.method, url: ours!.url }).toEqual({ method: theirs!.method, url: theirs!.url });
    expect(JSON.parse(ours!.body)).toEqual(JSON.parse(theirs!.body));
    expect(JSON.parse(ours!.body)).toEqual({ CiphertextBlob: BLOB.toString('base64') });
    const scope = (auth: unknown) => /Credential=([^,]+)/.exec(String(auth))![1];
    expect(scope(ours!.headers.authorization)).toBe(scope(theirs!.headers.authorization));
  });

  it('a request altered on the way fails the signature check (the check can fail)', async () => {
    // Signed for one region, sent as another: KMS's recomputation differs.
    await decrypt({ region: 'ap-southeast-1' });
    expect(received[0]!.signatureValid).toBe(false);
  });

  it("reports KMS's error by its type, without retrying a refusal", async () => {
    answers.push(answer('accessDenied'));
    const err = await decrypt().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect((err as KmsError).type).toBe('AccessDeniedException');
    expect((err as KmsError).message).toContain('not authorized to perform: kms:Decrypt');
    expect(received).toHaveLength(1);

    answers.push({ status: 400, body: JSON.stringify({ __type: 'com.amazonaws.kms#InvalidCiphertextException' }) });
    expect(await decrypt().catch((e: KmsError) => e.type)).toBe('InvalidCiphertextException');
  });

  it('retries throttling and KMS faults, at most three attempts, with growing jittered waits', async () => {
    const waits: number[] = [];
    answers.push(answer('throttling'), answer('internal'));
    expect(await decrypt({ sleep: async (ms: number) => void waits.push(ms) })).toEqual(Buffer.from(fixture.response.Plaintext, 'base64'));
    expect(received).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(400);

    received = [];
    answers.push(answer('internal'), answer('internal'), answer('internal'), { status: 200, body: JSON.stringify(fixture.response) });
    expect(await decrypt().catch((e: KmsError) => e.type)).toBe('KMSInternalException');
    expect(received).toHaveLength(3);
  });

  it('a non-JSON answer, an answer without plaintext and an unreachable KMS are errors too', async () => {
    answers.push({ status: 502, body: '<html>bad gateway</html>' }, { status: 502, body: '' }, { status: 502, body: '' });
    expect(await decrypt().catch((e: KmsError) => e.type)).toBe('HTTP502');
    answers.push({ status: 200, body: JSON.stringify({ KeyId: 'k' }) });
    expect(await decrypt().catch((e: KmsError) => e.type)).toBe('MissingPlaintext');
    expect(await kmsDecrypt(BLOB, { endpoint: 'http://127.0.0.1:9', region: REGION, credentials: async () => CREDENTIALS, ...noSleep }).catch((e: KmsError) => e.type)).toBe('NetworkError');
  });

  it('takes the endpoint the SDK would (AWS_ENDPOINT_URL_KMS), else the regional one', async () => {
    expect(kmsEndpoint('ap-east-1')).toBe('https://kms.ap-east-1.amazonaws.com');
    expect(kmsEndpoint('cn-north-1')).toBe('https://kms.cn-north-1.amazonaws.com.cn');
    process.env.AWS_ENDPOINT_URL_KMS = endpoint;
    try {
      expect(kmsEndpoint('ap-east-1')).toBe(endpoint);
      await kmsDecrypt(BLOB, { region: REGION, credentials: async () => CREDENTIALS });
      expect(received).toHaveLength(1);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_KMS;
    }
  });

  it("PII_KEY_SOURCE=kms: the container's cipher is built from the two data keys KMS decrypts, with the environment's region and credentials", async () => {
    const dataKey = Buffer.alloc(32, 7);
    const hashKey = Buffer.alloc(32, 9);
    const env = {
      PII_KEY_SOURCE: 'kms',
      PII_DATA_KEY_CIPHERTEXT: Buffer.from('data-key-blob').toString('base64'),
      PII_HASH_KEY_CIPHERTEXT: Buffer.from('hash-key-blob').toString('base64'),
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      // KMS answers each blob with its key; the two requests may arrive in either order.
      const keyFor = (body: string) => ((JSON.parse(body) as { CiphertextBlob: string }).CiphertextBlob === env.PII_DATA_KEY_CIPHERTEXT ? dataKey : hashKey);
      const original = server.listeners('request')[0] as (req: IncomingMessage, res: unknown) => void;
      server.removeAllListeners('request');
      server.on('request', (req: IncomingMessage, res: import('node:http').ServerResponse) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', async () => {
          received.push({ method: req.method!, url: req.url!, headers: req.headers, body, signatureValid: await verifySignature(req, body) });
          res.writeHead(200).end(JSON.stringify({ ...fixture.response, Plaintext: keyFor(body).toString('base64') }));
        });
      });
      try {
        const cipher = await pii();
        expect(received.map((r) => r.signatureValid)).toEqual([true, true]);
        expect(cipher.hash('idNumber', 'x')).toBe(createHmac('sha256', hashKey).update('idNumber:x').digest('base64url'));
        expect(cipher.decrypt('name', cipher.encrypt('name', '张三'))).toBe('张三');
      } finally {
        server.removeAllListeners('request');
        server.on('request', original);
      }
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
});
