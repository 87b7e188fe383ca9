/**
 * The sandbox channel's login: the "code" is `sandbox:<openid>`, openid 1–64 characters of
 * [A-Za-z0-9_-]. Anything else is refused. No network.
 */
import type { PlatformLogin, PlatformUser } from '../login.js';
import { LoginCodeRejected } from '../login.js';

const SANDBOX_CODE = /^sandbox:([A-Za-z0-9_-]{1,64})$/;

export class SandboxLogin implements PlatformLogin {
  readonly platform = 'sandbox' as const;

  async exchange(loginCode: string): Promise<PlatformUser> {
    const match = typeof loginCode === 'string' ? SANDBOX_CODE.exec(loginCode) : null;
    if (match === null) throw new LoginCodeRejected('Sandbox login code must be sandbox:<openid>');
    return { openid: match[1]! };
  }
}
