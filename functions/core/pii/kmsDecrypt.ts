/**
 * KMS `Decrypt`, the one KMS call essc makes (twice per container, for the PII data keys),
 * sent as the AWS JSON 1.1 protocol defines it: `POST /` to `kms.<region>.amazonaws.com`,
 * `X-Amz-Target: TrentService.Decrypt`, a SigV4-signed JSON body, `Plaintext` back in base64.
 *
 * Why not `@aws-sdk/client-kms`: its schemas, commands and error classes are 17 KiB in every
 * bundle that touches PII, for one operation. This uses the pieces of the SDK that DynamoDB's
 * client already puts in those bundles (the signer, the credential and region chains), so it
 * costs about 1 KiB. `tests/unit/core/kmsDecrypt.test.ts` checks that it sends what the SDK's
 * own client sends, verifies the signature as KMS would, and reads KMS's answers and errors.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface KmsOptions {
  /** Default: the SDK's region chain (AWS_REGION on Lambda). */
  region?: string;
  /** Default: `https://kms.<region>.amazonaws.com` (`.com.cn` in the China regions), or AWS_ENDPOINT_URL_KMS as the SDK reads it. */
  endpoint?: string;
  /** Default: the SDK's credential chain (the function role's, from the environment, on Lambda). */
  credentials?: AwsCredentialIdentityProvider;
  /** Per attempt; KMS answers in tens of milliseconds. */
  timeoutMs?: number;
  /** Before each retry (attempt 1, 2): full jitter on 100 ms · 2^attempt, as the SDK's standard retry mode. */
  sleep?: (ms: number) => Promise<void>;
}

/** A KMS error answer (its `__type`, e.g. `AccessDeniedException`) or a transport failure. */
export class KmsError extends Error {
  override name = 'KmsError';
  constructor(
    readonly type: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

const ATTEMPTS = 3;
// Worth another attempt: throttling and KMS's own faults (as the SDK's retry strategy classifies them).
const RETRYABLE = new Set(['ThrottlingException', 'KMSInternalException', 'DependencyTimeoutException', 'InternalFailure', 'ServiceUnavailable']);

/** The endpoint the SDK's KMS client resolves for a region (no FIPS, no dual-stack). */
export function kmsEndpoint(region: string): string {
  const configured = process.env.AWS_ENDPOINT_URL_KMS ?? process.env.AWS_ENDPOINT_URL;
  if (configured) return configured;
  return `https://kms.${region}.amazonaws.${region.startsWith('cn-') ? 'com.cn' : 'com'}`;
}

/** One signed attempt: the plaintext, or a KmsError. */
async function attempt(url: URL, region: string, credentials: AwsCredentialIdentityProvider, ciphertext: Uint8Array, timeoutMs: number): Promise<Buffer> {
  const body = JSON.stringify({ CiphertextBlob: Buffer.from(ciphertext).toString('base64') });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'TrentService.Decrypt',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  });
  const signer = new SignatureV4({ service: 'kms', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(request);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new KmsError('NetworkError', undefined, `KMS Decrypt: ${(err as Error).name}`);
  }
  const text = await response.text();
  let answer: { Plaintext?: unknown; __type?: unknown; message?: unknown; Message?: unknown } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // A non-JSON answer (a proxy's page): reported by status below.
  }
  if (response.ok && typeof answer.Plaintext === 'string') return Buffer.from(answer.Plaintext, 'base64');
  // `__type` may carry a namespace ("com.amazonaws.kms#AccessDeniedException"): the name is after '#'.
  const type = typeof answer.__type === 'string' ? answer.__type.split('#').pop()! : response.ok ? 'MissingPlaintext' : `HTTP${response.status}`;
  const message = typeof answer.message === 'string' ? answer.message : typeof answer.Message === 'string' ? answer.Message : '';
  throw new KmsError(type, response.status, `KMS Decrypt failed: ${type}${message ? `: ${message}` : ''}`);
}

let credentialChain: AwsCredentialIdentityProvider | undefined;

const retryable = (err: KmsError) => err.type === 'NetworkError' || RETRYABLE.has(err.type) || (err.status !== undefined && (err.status >= 500 || err.status === 429));

/** Decrypt a KMS ciphertext blob (the key is named inside it) with up to three attempts. */
export async function kmsDecrypt(ciphertext: Uint8Array, options: KmsOptions = {}): Promise<Buffer> {
  const region = options.region ?? (await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)());
  const url = new URL(options.endpoint ?? kmsEndpoint(region));
  const credentials = options.credentials ?? (credentialChain ??= defaultProvider());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n++) {
    try {
      return await attempt(url, region, credentials, ciphertext, options.timeoutMs ?? 5_000);
    } catch (err) {
      if (!(err instanceof KmsError) || n >= ATTEMPTS || !retryable(err)) throw err;
      await sleep(Math.random() * 100 * 2 ** n);
    }
  }
}
