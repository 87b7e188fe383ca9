/**
 * A channel's platform credentials come from its own item (encrypted, set by an operator at
 * run time), not only from the stage parameter: the login exchange and the face provider are
 * built from them, rebuilt when an operator changes them, and a channel with none is a plain
 * `channel_not_configured`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChannel, updateChannel } from '../../functions/channels/operations.js';
import { getChannel } from '../../functions/channels/channel.store.js';
import { channelSecrets, requireSecret } from '../../functions/providers/channelSecrets.js';
import { faceProviderFor, platformLoginFor } from '../../functions/providers/index.js';
import { WechatLogin } from '../../functions/providers/wechat/login.js';
import { AlipayFaceProvider } from '../../functions/providers/alipay/face.js';

const RUN = Date.now().toString(36);

describe("a channel's platform secrets", () => {
  it('are stored encrypted on the channel, used by its login and face provider, and rebuilt when changed', async () => {
    const id = `it-wx-${RUN}`;
    await createChannel({
      id, name: '测试小程序', platform: 'weapp', login: 'wechat', faceProvider: 'wechat', appId: 'wx0123456789abcdef',
      tier: 1, category: 'social', services: ['claim', 'codes'], platformSecrets: { wechatAppSecret: 'app-secret-one' },
    });
    const record = (await getChannel(id, true))!;
    expect(record.platformSecretsEnc).toBeDefined();
    expect(JSON.stringify(record)).not.toContain('app-secret-one');
    expect(await channelSecrets(record)).toEqual({ wechatAppSecret: 'app-secret-one' });
    const login = await platformLoginFor(record);
    expect(login).toBeInstanceOf(WechatLogin);
    expect(await platformLoginFor(record)).toBe(login);

    await updateChannel(id, { platformSecrets: { wechatAppSecret: 'app-secret-two' } });
    const changed = (await getChannel(id, true))!;
    expect(await requireSecret(changed, 'wechatAppSecret')).toBe('app-secret-two');
    expect(await platformLoginFor(changed)).not.toBe(login);
  });

  it('a channel without them (and none in the stage parameter) is channel_not_configured, not a 500', async () => {
    const id = `it-ali-${RUN}`;
    await createChannel({ id, name: '测试支付宝', platform: 'alipay', login: 'alipay', faceProvider: 'alipay', appId: '2021000000000000', tier: 1, category: 'social', services: ['claim'] });
    const record = (await getChannel(id, true))!;
    await expect(platformLoginFor(record)).rejects.toMatchObject({ code: 'channel_not_configured' });
    await expect(faceProviderFor(record)).rejects.toMatchObject({ code: 'channel_not_configured' });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await updateChannel(id, { platformSecrets: { alipayPrivateKey: privateKey, alipayPublicKey: publicKey } });
    expect(await faceProviderFor((await getChannel(id, true))!)).toBeInstanceOf(AlipayFaceProvider);
  });
});
