/**
 * One interface over every face verification provider. The server starts a
 * verification, the client runs the provider's UI with `handoff`, and the server
 * asks the provider for the result: a client-side "success" is never trusted.
 */
import { ProviderError } from './providerError.js';

export type FaceProviderName = 'wechat' | 'alipay' | 'tencent' | 'sandbox';

/** The person whose face is checked. Plain text only in memory, never logged. */
export interface FaceSubject {
  name: string;
  idNumber: string;
}

export interface StartFaceInput {
  /** Our verification id; sent to the provider as out_seq_no / outer_order_no. */
  outSeqNo: string;
  subject: FaceSubject;
  /** The platform user (WeChat openid) where the provider needs it. */
  openid?: string;
  /** Where a web face page returns to when done (Alipay, Tencent, sandbox). */
  returnUrl?: string;
}

export interface StartedFace {
  /** The provider's own id for this verification (verify_id, certify_id, BizToken, token). */
  providerRef: string;
  /** What the client's face UI needs; returned to the client as is. */
  handoff: Record<string, string>;
  /** When the provider stops accepting this verification. */
  expiresAt: Date;
}

export interface QueryFaceInput {
  providerRef: string;
  outSeqNo: string;
  subject: FaceSubject;
  openid?: string;
}

export type FaceOutcome =
  | { status: 'passed' }
  | { status: 'failed'; reason: string }
  | { status: 'pending' };

export interface FaceProvider {
  readonly name: FaceProviderName;
  start(input: StartFaceInput): Promise<StartedFace>;
  query(input: QueryFaceInput): Promise<FaceOutcome>;
}

/** The provider's cloud could not be reached or answered with an error of its own. */
export class FaceProviderError extends ProviderError<FaceProviderName> {
  override name = 'FaceProviderError';
}

/** A fetch-compatible function, injected so adapters can be tested on recorded shapes. */
export type HttpFetch = (input: string, init?: RequestInit) => Promise<Response>;
