/** Logging a mini-program user in: exchange the platform's login code, issue our token. */
import { logger } from '../core/logger.js';
import { ProblemError, UpstreamUnavailable, Unprocessable } from '../core/problem.js';
import { LoginCodeRejected, PlatformLoginError, type Platform } from '../providers/login.js';
import { platformLoginFor } from '../providers/loginRegistry.js';
import { issueSessionToken } from '../core/session/sessionToken.js';
import { findChannel } from '../channels/channels.js';

export async function createSession(req: { channelId: string; platform: Platform; loginCode: string }) {
  const channel = await findChannel(req.channelId);
  // Portals log people in through scan-to-login; they never hold holder sessions themselves.
  if (!channel || !channel.active || channel.kind === 'portal') {
    throw new Unprocessable('unknown_channel', '未知或已停用的渠道。', [{ field: 'channelId', message: 'unknown or inactive channel' }]);
  }
  if (channel.platform !== req.platform) {
    throw new Unprocessable('platform_mismatch', '渠道与平台不符。', [
      { field: 'platform', message: `channel ${channel.id} is a ${channel.platform} channel` },
    ]);
  }
  let user;
  try {
    user = await platformLoginFor(channel).exchange(req.loginCode);
  } catch (err) {
    if (err instanceof LoginCodeRejected) {
      throw new ProblemError(401, 'login_code_rejected', '登录凭证无效或已过期，请重新进入。', {
        errors: [{ field: 'loginCode', message: 'rejected by the platform' }],
        cause: err,
      });
    }
    if (err instanceof PlatformLoginError) {
      throw new UpstreamUnavailable('platform_unavailable', '平台登录服务暂不可用，请稍后再试。', err);
    }
    throw err;
  }
  const session = await issueSessionToken({ channelId: channel.id, platform: req.platform, openid: user.openid });
  logger.info('session created', { channelId: channel.id, platform: req.platform });
  return { token: session.token, expiresAt: session.expiresAt.toISOString() };
}
