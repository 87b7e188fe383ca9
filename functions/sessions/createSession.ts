/** Logging a mini-program user in: exchange the platform's login code, issue our token. */
import { findChannel, isAppChannel } from '../channels/index.js';
import { logger } from '../core/logger.js';
import { issueSessionToken, type Platform } from '../core/session/sessionToken.js';
import { LoginCodeRejected, PlatformLoginError, platformLoginFor, type PlatformUser } from '../providers/index.js';
import { sessionsErrors } from './errors.js';

export async function createSession(req: { channelId: string; platform: Platform; loginCode: string }) {
  const channel = await findChannel(req.channelId);
  // Portals log people in through scan-to-login; they never hold holder sessions themselves.
  if (!isAppChannel(channel)) {
    throw sessionsErrors.problem('invalid_channel', { errors: [{ field: 'channelId', message: 'unknown or inactive channel' }] });
  }
  if (channel.platform !== req.platform) {
    throw sessionsErrors.problem('platform_mismatch', {
      errors: [{ field: 'platform', message: `channel ${channel.id} is a ${channel.platform} channel` }],
    });
  }
  let user: PlatformUser;
  try {
    user = await platformLoginFor(channel).exchange(req.loginCode);
  } catch (err) {
    if (err instanceof LoginCodeRejected) {
      throw sessionsErrors.problem('login_code_rejected', { errors: [{ field: 'loginCode', message: 'rejected by the platform' }], cause: err });
    }
    if (err instanceof PlatformLoginError) throw sessionsErrors.problem('platform_unavailable', { cause: err });
    throw err;
  }
  const session = await issueSessionToken({ channelId: channel.id, platform: req.platform, openid: user.openid });
  logger.info('session created', { channelId: channel.id, platform: req.platform });
  return { token: session.token, expiresAt: session.expiresAt.toISOString() };
}
