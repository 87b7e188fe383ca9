/**
 * Adapter for the sandbox face provider (scripts/sandbox/face/server.ts), a real HTTP
 * service with the same handoff protocol as the cloud providers:
 *   start: POST <baseUrl>/api/verifications {outSeqNo, name, idNumber, returnUrl?}
 *          → 201 {token, url, expiresAt}; handoff {token, url}
 *   query: GET <baseUrl>/api/verifications/<token> → {status, reason?, outSeqNo}
 */
import { FaceProviderError, type FaceOutcome, type FaceProvider, type QueryFaceInput, type StartFaceInput, type StartedFace } from '../face.js';
import { SandboxClient, type SandboxAnswer } from './service.js';

export class SandboxFaceProvider extends SandboxClient implements FaceProvider {
  readonly name = 'sandbox' as const;

  async start(input: StartFaceInput): Promise<StartedFace> {
    const body: Record<string, string> = {
      outSeqNo: input.outSeqNo,
      name: input.subject.name,
      idNumber: input.subject.idNumber,
    };
    if (input.returnUrl !== undefined && input.returnUrl !== '') body.returnUrl = input.returnUrl;
    const { status, json } = await this.request('POST', '/api/verifications', body);
    if (status !== 201) {
      throw new FaceProviderError(`Sandbox face start answered HTTP ${status}${errorCode(json)}`, 'sandbox');
    }
    const { token, url, expiresAt } = json;
    const expires = typeof expiresAt === 'string' ? new Date(expiresAt) : undefined;
    if (typeof token !== 'string' || token === '' || typeof url !== 'string' || !expires || Number.isNaN(expires.getTime())) {
      throw new FaceProviderError('Sandbox face start answered an unreadable body', 'sandbox');
    }
    return { providerRef: token, handoff: { token, url }, expiresAt: expires };
  }

  async query(input: QueryFaceInput): Promise<FaceOutcome> {
    const { status, json } = await this.request('GET', `/api/verifications/${encodeURIComponent(input.providerRef)}`);
    // The sandbox keeps its state in memory: after a restart it no longer knows the token.
    if (status === 404) return { status: 'failed', reason: 'unknown_or_expired' };
    if (status !== 200) {
      throw new FaceProviderError(`Sandbox face query answered HTTP ${status}${errorCode(json)}`, 'sandbox');
    }
    if (typeof json.outSeqNo === 'string' && json.outSeqNo !== input.outSeqNo) {
      return { status: 'failed', reason: 'mismatch (outSeqNo)' };
    }
    switch (json.status) {
      case 'passed':
        return { status: 'passed' };
      case 'pending':
        return { status: 'pending' };
      case 'failed':
        return { status: 'failed', reason: typeof json.reason === 'string' ? json.reason : 'not_passed' };
      default:
        throw new FaceProviderError('Sandbox face query answered an unreadable status', 'sandbox');
    }
  }

  private request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<SandboxAnswer> {
    return this.service.json(method, path, body, 'Sandbox face service', (message, cause) => new FaceProviderError(message, 'sandbox', cause === undefined ? undefined : { cause }));
  }
}

function errorCode(json: Record<string, unknown>): string {
  return typeof json.error === 'string' && /^[a-z_]{1,40}$/.test(json.error) ? ` (${json.error})` : '';
}
