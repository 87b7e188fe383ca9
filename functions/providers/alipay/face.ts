/**
 * Alipay identity verification (支付宝身份验证), as documented by Alipay:
 * - alipay.user.certify.open.initialize, biz_content {outer_order_no, biz_code: "FACE",
 *   identity_param: {identity_type: "CERT_INFO", cert_type: "IDENTITY_CARD", cert_name, cert_no},
 *   merchant_config: {return_url}} → alipay_user_certify_open_initialize_response
 *   {code: "10000", msg, certify_id}. A certify_id is valid for 23 hours.
 * - alipay.user.certify.open.certify is a page-type method: the SDKs' pageExecute (GET)
 *   builds the signed gateway URL with biz_content {certify_id}; nothing is sent from the
 *   server. The client opens it with my.startAPVerify({url, certifyId}); Alipay redirects
 *   to return_url when the user is done (passed or not).
 * - alipay.user.certify.open.query, biz_content {certify_id} →
 *   alipay_user_certify_open_query_response {code: "10000", passed: "T" | "F", identity_info,
 *   material_info}. "F" means "not passed, or not certified yet": Alipay does not tell the
 *   two apart, so F is a failure here (never a pass) and only a missing `passed` is pending.
 */
import type { KeyObject } from 'node:crypto';
import { AlipayGatewayClient, AlipayGatewayError, describeAlipayError, type AlipayResponseNode } from './gateway.js';
import { now as clockNow } from '../../core/clock.js';
import { FaceProviderError, type FaceOutcome, type FaceProvider, type HttpFetch } from '../face.js';
import type { QueryFaceInput, StartFaceInput, StartedFace } from '../face.js';

/** How long Alipay accepts a certify_id. */
export const ALIPAY_CERTIFY_TTL_MS = 23 * 3600_000;

export interface AlipayFaceProviderOptions {
  appId: string;
  /** App private key (应用私钥): PEM or the key tool's bare base64. */
  privateKey: string | KeyObject;
  /** Alipay public key (支付宝公钥); when set, every response signature is verified. */
  alipayPublicKey?: string | KeyObject;
  /** Defaults to https://openapi.alipay.com/gateway.do. */
  gateway?: string;
  /** Used when a start input has no returnUrl; Alipay requires one. */
  defaultReturnUrl?: string;
  fetch?: HttpFetch;
  now?: () => Date;
  timeoutMs?: number;
}

export class AlipayFaceProvider extends AlipayGatewayClient implements FaceProvider {
  readonly name = 'alipay' as const;
  private readonly now: () => Date;
  private readonly defaultReturnUrl: string | undefined;

  constructor(options: AlipayFaceProviderOptions) {
    const now = options.now ?? clockNow;
    super({ ...options, now });
    this.now = now;
    this.defaultReturnUrl = options.defaultReturnUrl;
  }

  async start(input: StartFaceInput): Promise<StartedFace> {
    const returnUrl = input.returnUrl ?? this.defaultReturnUrl;
    if (returnUrl === undefined || returnUrl === '') {
      throw new FaceProviderError('Alipay face verification needs a return URL', 'alipay');
    }
    const startedAt = this.now();
    const node = await this.call('alipay.user.certify.open.initialize', {
      outer_order_no: input.outSeqNo,
      biz_code: 'FACE',
      identity_param: {
        identity_type: 'CERT_INFO',
        cert_type: 'IDENTITY_CARD',
        cert_name: input.subject.name,
        cert_no: input.subject.idNumber,
      },
      merchant_config: { return_url: returnUrl },
    });
    const certifyId = node.certify_id;
    if (typeof certifyId !== 'string' || certifyId === '') {
      throw new FaceProviderError('Alipay initialize answered without a certify_id', 'alipay');
    }
    let url: string;
    try {
      url = this.gateway.pageUrl('alipay.user.certify.open.certify', { bizContent: { certify_id: certifyId } });
    } catch (err) {
      throw new FaceProviderError('Alipay certify URL could not be signed', 'alipay', { cause: err });
    }
    return {
      providerRef: certifyId,
      handoff: { certifyId, url },
      expiresAt: new Date(startedAt.getTime() + ALIPAY_CERTIFY_TTL_MS),
    };
  }

  async query(input: QueryFaceInput): Promise<FaceOutcome> {
    const node = await this.call('alipay.user.certify.open.query', { certify_id: input.providerRef });
    const passed = node.passed;
    if (passed === 'T') return { status: 'passed' };
    if (passed === 'F') {
      const detail = typeof node.fail_reason === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(node.fail_reason)
        ? ` (${node.fail_reason})`
        : '';
      return { status: 'failed', reason: `not_passed${detail}` };
    }
    if (passed === undefined || passed === null || passed === '') return { status: 'pending' };
    throw new FaceProviderError('Alipay query answered an unreadable passed value', 'alipay');
  }

  /** Calls a method and returns its success node; any other answer throws. */
  private async call(method: string, bizContent: Record<string, unknown>): Promise<AlipayResponseNode> {
    let node: AlipayResponseNode;
    try {
      ({ node } = await this.gateway.call(method, { bizContent }));
    } catch (err) {
      if (err instanceof AlipayGatewayError) {
        throw new FaceProviderError(err.message, 'alipay', { cause: err });
      }
      throw new FaceProviderError(`Alipay ${method} failed`, 'alipay', { cause: err });
    }
    if (node.code !== '10000') {
      throw new FaceProviderError(`Alipay ${method} refused: ${describeAlipayError(node)}`, 'alipay');
    }
    return node;
  }
}
