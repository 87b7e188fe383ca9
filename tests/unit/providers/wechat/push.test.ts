import { describe, expect, it } from 'vitest';
import type { HttpFetch, PushMessage } from '../../../../functions/providers/push.js';
import { WechatPushProvider } from '../../../../functions/providers/wechat/push.js';
import { forgetWechatAccessToken, wechatAccessToken } from '../../../../functions/providers/wechat/accessToken.js';
import { fakeFetch, json, loadFixture } from '../../support/fakeFetch.js';

const fx = loadFixture('wechat-subscribe-message.json');
const R = fx.send.responses;
const ACCESS_TOKEN = 'AT/with+chars';

const message: PushMessage = {
  openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
  templateId: 'bDmywsp2oEHjwAadTGKkUJ-eJEiMiOf7H-dZ7wjdw80',
  page: '/pages/bill/index?id=bl_1',
  data: { thing1: '演示大药房 门诊缴费', amount2: '12.50', time3: '2026-12-01T02:03:00Z', phrase4: '待确认' },
  ref: 'nt_0001',
};

function provider(fetch: HttpFetch, extra: Partial<ConstructorParameters<typeof WechatPushProvider>[0]> = {}) {
  return new WechatPushProvider({ getAccessToken: async () => ACCESS_TOKEN, fetch, ...extra });
}

const raw = (text: string, status = 200) => new Response(text, { status, headers: { 'content-type': 'application/json' } });

describe('WechatPushProvider.send (subscribeMessage.send)', () => {
  it('posts the documented body with the access token, values fitted to their field types', async () => {
    const { fetch, calls } = fakeFetch(raw('{"errcode":0,"errmsg":"ok","msgid":2845139521467203584}'));
    const outcome = await provider(fetch).send(message);

    expect(outcome).toEqual({ sent: true, messageId: '2845139521467203584' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=AT%2Fwith%2Bchars');
    expect(new URL(calls[0]!.url).origin + new URL(calls[0]!.url).pathname).toBe(fx.send.url.split('?')[0]);
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json');
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(Object.keys(body).sort()).toEqual([...fx.send.bodyFields].sort());
    expect(body).toEqual({
      touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
      template_id: 'bDmywsp2oEHjwAadTGKkUJ-eJEiMiOf7H-dZ7wjdw80',
      page: 'pages/bill/index?id=bl_1',
      data: { thing1: { value: '演示大药房 门诊缴费' }, amount2: { value: '¥12.50' }, time3: { value: '2026年12月01日 10:03' }, phrase4: { value: '待确认' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
    // Our notification id is ours: WeChat has no field for it.
    expect(String(calls[0]!.init.body)).not.toContain('nt_0001');
  });

  it('opens the version of the mini-program it is told to, and leaves page out when there is none', async () => {
    const { fetch, calls } = fakeFetch(json(R.successWithoutMsgid));
    expect(await provider(fetch, { miniprogramState: 'trial' }).send({ ...message, page: '' })).toEqual({ sent: true });
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(body.miniprogram_state).toBe('trial');
    expect(fx.send.miniprogramStates).toContain(body.miniprogram_state);
    expect('page' in body).toBe(false);
  });

  it('43101: the user refused or has no subscription left', async () => {
    const { fetch } = fakeFetch(json(R.userRefused));
    expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'not_subscribed', providerCode: '43101' });
  });

  it('a refusal of the message itself is rejected, with the errcode', async () => {
    for (const [answer, code] of [
      [R.openidWrong, '40003'],
      [R.templateWrong, '40037'],
      [R.fieldInvalid, '47003'],
      [R.pageWrong, '41030'],
    ] as const) {
      const { fetch } = fakeFetch(json(answer));
      expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'rejected', providerCode: code });
    }
  });

  it('WeChat busy, over its limits, unreachable or unreadable is unavailable', async () => {
    const cases: Array<[Response | Error, string]> = [
      [json(R.systemBusy), '-1'],
      [json(R.dailyQuota), '45009'],
      [new TypeError('fetch failed'), 'network'],
      [raw('bad gateway', 502), 'http_502'],
      [raw('<html>oops</html>'), 'unreadable'],
      [raw('{"errmsg":"ok"}'), 'unreadable'],
    ];
    for (const [answer, code] of cases) {
      const { fetch } = fakeFetch(answer);
      expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: code });
    }
  });

  it('an invalid or expired access_token is refreshed once and the message sent again', async () => {
    for (const refusal of [R.accessTokenInvalid, R.accessTokenExpired]) {
      const asked: Array<string | undefined> = [];
      const getAccessToken = async (refused?: string) => {
        asked.push(refused);
        return refused ? 'AT-new' : 'AT-old';
      };
      const { fetch, calls } = fakeFetch(json(refusal), json(R.success));
      const outcome = await provider(fetch, { getAccessToken }).send(message);
      expect(outcome.sent).toBe(true);
      expect(asked).toEqual([undefined, 'AT-old']);
      expect(calls.map((c) => new URL(c.url).searchParams.get('access_token'))).toEqual(['AT-old', 'AT-new']);
      expect(calls[1]!.init.body).toBe(calls[0]!.init.body);
    }
  });

  it('a token refused twice is unavailable, and no third request is made', async () => {
    const { fetch, calls } = fakeFetch(json(R.accessTokenInvalid), json(R.accessTokenInvalid));
    expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: '40001' });
    expect(calls).toHaveLength(2);
  });

  it('a token that cannot be had is unavailable, before any send', async () => {
    const { fetch, calls } = fakeFetch();
    const outcome = await provider(fetch, {
      getAccessToken: async () => {
        throw new Error('stable_token refused');
      },
    }).send(message);
    expect(outcome).toEqual({ sent: false, reason: 'unavailable', providerCode: 'access_token' });
    expect(calls).toHaveLength(0);
  });

  it('a value that cannot fit its field, or no openid or template, is rejected without a request', async () => {
    const { fetch, calls } = fakeFetch();
    const p = provider(fetch);
    expect(await p.send({ ...message, data: { ...message.data, phrase4: '等待持卡人确认' } })).toEqual({ sent: false, reason: 'rejected', providerCode: 'field:phrase4:too_long' });
    expect(await p.send({ ...message, data: { thing1: '' } })).toEqual({ sent: false, reason: 'rejected', providerCode: 'field:thing1:empty' });
    expect(await p.send({ ...message, openid: '' })).toEqual({ sent: false, reason: 'rejected', providerCode: 'no_openid' });
    expect(await p.send({ ...message, templateId: '' })).toEqual({ sent: false, reason: 'rejected', providerCode: 'no_template' });
    expect(calls).toHaveLength(0);
  });

  it('never names the access token in an outcome', async () => {
    const { fetch } = fakeFetch(json(R.accessTokenInvalid), new TypeError(`connect failed ${ACCESS_TOKEN}`));
    const outcome = await provider(fetch).send(message);
    expect(JSON.stringify(outcome)).not.toContain(ACCESS_TOKEN);
  });
});

describe('wechatAccessToken and forgetWechatAccessToken', () => {
  it('caches the token per app; forgetting the refused one fetches the current one, a newer one is kept', async () => {
    const appId = `wx-test-${Date.now()}`;
    const { fetch, calls } = fakeFetch(json({ access_token: 'T1', expires_in: 7200 }), json({ access_token: 'T2', expires_in: 7200 }));
    expect(await wechatAccessToken(appId, 'secret', fetch)).toBe('T1');
    expect(await wechatAccessToken(appId, 'secret', fetch)).toBe('T1');
    expect(calls).toHaveLength(1);
    forgetWechatAccessToken(appId, 'T0'); // an older token: the cached T1 stays
    expect(await wechatAccessToken(appId, 'secret', fetch)).toBe('T1');
    forgetWechatAccessToken(appId, 'T1');
    expect(await wechatAccessToken(appId, 'secret', fetch)).toBe('T2');
    expect(calls).toHaveLength(2);
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ grant_type: 'client_credential', appid: appId, secret: 'secret' });
  });
});
