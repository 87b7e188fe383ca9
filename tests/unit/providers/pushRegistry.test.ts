import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/core/config.js';
import { pushProviderFor, pushProviderNameOf, type PushChannel } from '../../../functions/providers/pushRegistry.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const saved = { STAGE: process.env.STAGE, SANDBOX_PUSH_URL: process.env.SANDBOX_PUSH_URL, CHANNEL_SECRETS: process.env.CHANNEL_SECRETS };

beforeAll(() => {
  // Read once by providers/channelSecrets.ts, on first use.
  process.env.CHANNEL_SECRETS = JSON.stringify({
    'wx-app': { wechatAppSecret: 'wx-secret' },
    'ali-app': {
      alipayPrivateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      alipayPublicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }),
    },
  });
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (k === 'CHANNEL_SECRETS') continue;
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const channel = (c: Partial<PushChannel> & Pick<PushChannel, 'id' | 'login'>): PushChannel => c;

describe('pushProviderNameOf', () => {
  it('follows the login unless the channel names a provider; a ticket channel has none', () => {
    process.env.STAGE = 'test';
    expect(pushProviderNameOf(channel({ id: 'a', login: 'wechat' }))).toBe('wechat');
    expect(pushProviderNameOf(channel({ id: 'a', login: 'alipay' }))).toBe('alipay');
    expect(pushProviderNameOf(channel({ id: 'a', login: 'sandbox' }))).toBe('sandbox');
    expect(pushProviderNameOf(channel({ id: 'a', login: 'ticket' }))).toBeUndefined();
    expect(pushProviderNameOf(channel({ id: 'a', login: 'ticket', pushProvider: 'sandbox' }))).toBe('sandbox');
    expect(pushProviderNameOf(channel({ id: 'a', login: 'sandbox', pushProvider: 'wechat' }))).toBe('wechat');
  });

  it('the sandbox exists only on the local stages', () => {
    process.env.STAGE = 'prod';
    expect(pushProviderNameOf(channel({ id: 'a', login: 'sandbox' }))).toBeUndefined();
    expect(pushProviderNameOf(channel({ id: 'a', login: 'ticket', pushProvider: 'sandbox' }))).toBeUndefined();
    expect(pushProviderNameOf(channel({ id: 'a', login: 'wechat' }))).toBe('wechat');
    process.env.STAGE = 'dev';
    expect(pushProviderNameOf(channel({ id: 'a', login: 'sandbox' }))).toBe('sandbox');
  });
});

describe('pushProviderFor', () => {
  it('builds each provider from the channel and its secrets, once per channel', async () => {
    process.env.STAGE = 'test';
    process.env.SANDBOX_PUSH_URL = 'http://127.0.0.1:3121';
    const sandbox = await pushProviderFor(channel({ id: 'sandbox', login: 'sandbox' }));
    expect(sandbox?.name).toBe('sandbox');
    expect(await pushProviderFor(channel({ id: 'sandbox', login: 'sandbox' }))).toBe(sandbox);
    expect((await pushProviderFor(channel({ id: 'wx-app', login: 'wechat', appId: 'wx123', wechatMiniprogramState: 'trial' })))?.name).toBe('wechat');
    expect((await pushProviderFor(channel({ id: 'ali-app', login: 'alipay', appId: '2021004100000001' })))?.name).toBe('alipay');
    expect(await pushProviderFor(channel({ id: 'bank', login: 'ticket' }))).toBeUndefined();
  });

  it('a channel without its platform credentials, or the sandbox without its URL, is a configuration fault', async () => {
    process.env.STAGE = 'test';
    delete process.env.SANDBOX_PUSH_URL;
    await expect(pushProviderFor(channel({ id: 'sandbox-2', login: 'sandbox' }))).rejects.toBeInstanceOf(ConfigError);
    await expect(pushProviderFor(channel({ id: 'wx-missing', login: 'wechat', appId: 'wx9' }))).rejects.toMatchObject({ status: 503 });
    // A failed build is not kept: once configured, it builds.
    process.env.SANDBOX_PUSH_URL = 'http://127.0.0.1:3121';
    expect((await pushProviderFor(channel({ id: 'sandbox-2', login: 'sandbox' })))?.name).toBe('sandbox');
  });
});
