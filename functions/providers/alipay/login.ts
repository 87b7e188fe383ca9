/**
 * Alipay mini-program login, as documented by Alipay: the client gets an auth code
 * (my.getAuthCode) and the server calls alipay.system.oauth.token with the top-level
 * params grant_type=authorization_code and code → alipay_system_oauth_token_response
 * {user_id and/or open_id, access_token, expires_in, refresh_token, re_expires_in}.
 * An unusable code comes back as error_response {code: "40002", sub_code: "isv.code-invalid"}.
 * The request is signed RSA2 (providers/alipay/gateway.ts). access_token and refresh_token
 * are never returned or logged: they are dropped here.
 */
import { AlipayGatewayClient, AlipayGatewayError, describeAlipayError, type AlipayResponseNode } from './gateway.js';
import type { PlatformLogin, PlatformUser } from '../login.js';
import { LoginCodeRejected, PlatformLoginError } from '../login.js';

/** sub_codes that mean "this code is no good". */
export const ALIPAY_REJECTED_CODE_SUB_CODES: ReadonlySet<string> = new Set(['isv.code-invalid']);

const LOGIN_CODE_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class AlipayLogin extends AlipayGatewayClient implements PlatformLogin {
  readonly platform = 'alipay' as const;

  async exchange(loginCode: string): Promise<PlatformUser> {
    if (typeof loginCode !== 'string' || !LOGIN_CODE_PATTERN.test(loginCode)) {
      throw new LoginCodeRejected('Malformed Alipay auth code');
    }
    let node: AlipayResponseNode;
    try {
      ({ node } = await this.gateway.call('alipay.system.oauth.token', {
        params: { grant_type: 'authorization_code', code: loginCode },
      }));
    } catch (err) {
      if (err instanceof AlipayGatewayError) throw new PlatformLoginError(err.message, { cause: err });
      throw new PlatformLoginError('Alipay oauth.token failed', { cause: err });
    }
    if (node.code !== undefined && node.code !== '10000') {
      if (typeof node.sub_code === 'string' && ALIPAY_REJECTED_CODE_SUB_CODES.has(node.sub_code)) {
        throw new LoginCodeRejected(`Alipay refused the auth code (${describeAlipayError(node)})`);
      }
      throw new PlatformLoginError(`Alipay oauth.token refused: ${describeAlipayError(node)}`);
    }
    const openid = nonEmpty(node.open_id) ?? nonEmpty(node.user_id);
    if (openid === undefined) throw new PlatformLoginError('Alipay oauth.token answered without open_id or user_id');
    return { openid };
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
