import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALIPAY_PUSH_METHOD, AlipayPushProvider } from '../../../../functions/providers/alipay/push.js';
import type { HttpFetch, PushMessage } from '../../../../functions/providers/push.js';
import { fakeFetch, loadFixture } from '../../support/fakeFetch.js';
import { alipay, appKeys, appSignatureValid, paramsOf, signed } from './kit.js';

const fx = loadFixture('alipay-subscribe-message.json');
const R = fx.send.responses;
const KEY = fx.send.responseKey as string;

const NOW = new Date('2026-12-01T02:00:00Z'); // 2026-12-01 10:00:00 in China

/** The send method's answer (or another node under `key`), signed as Alipay signs it. */
const answer = (node: unknown, key = KEY, signer: KeyObject = alipay.privateKey): Response => signed(key, node, signer);

function provider(fetch: HttpFetch): AlipayPushProvider {
  return new AlipayPushProvider({
    appId: '2021004100000001',
    ...appKeys,
    fetch,
    now: () => NOW,
  });
}

const message: PushMessage = {
  openid: '2088102122458832',
  templateId: fx.send.bizContentExample.user_template_id,
  page: '/pages/bill/index?id=bl_1',
  data: { keyword1: '演示大药房 门诊缴费待确认', keyword2: '¥12.50', keyword3: '2026年12月01日 10:03' },
  ref: 'nt_0001',
};

describe('AlipayPushProvider.send (alipay.open.app.mini.templatemessage.send)', () => {
  it('calls the documented method, signed RSA2, with the documented biz_content and data as a JSON string', async () => {
    const { fetch, calls } = fakeFetch(answer(R.success));
    expect(await provider(fetch).send(message)).toEqual({ sent: true });

    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(fx.gateway);
    const params = paramsOf(calls[0]!);
    expect(Object.keys(params).sort()).toEqual([...fx.publicParams].sort());
    expect(params).toMatchObject({ app_id: '2021004100000001', method: fx.send.method, format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', version: '1.0', timestamp: '2026-12-01 10:00:00' });
    expect(ALIPAY_PUSH_METHOD).toBe(fx.send.method);
    expect(appSignatureValid(params)).toBe(true);

    const biz = JSON.parse(params.biz_content!);
    expect(Object.keys(biz).sort()).toEqual(Object.keys(fx.send.bizContentExample).sort());
    expect(biz).toEqual({
      to_user_id: '2088102122458832',
      user_template_id: 'MDI4YzIxMDE2M2I5YTQzYjUxNWE4MjA4NmU1MTIyYmM=',
      page: 'pages/bill/index?id=bl_1',
      data: expect.any(String),
    });
    // data is a JSON string of {keyword: {value}}, like the documented example.
    expect(typeof fx.send.bizContentExample.data).toBe('string');
    expect(JSON.parse(biz.data)).toEqual({ keyword1: { value: '演示大药房 门诊缴费待确认' }, keyword2: { value: '¥12.50' }, keyword3: { value: '2026年12月01日 10:03' } });
    // No form_id: a subscription template needs none. Our notification id stays ours.
    expect('form_id' in biz).toBe(false);
    expect(params.biz_content).not.toContain('nt_0001');
  });

  it('addresses an open_id of the new id system as to_open_id', async () => {
    const { fetch, calls } = fakeFetch(answer(R.success));
    await provider(fetch).send({ ...message, openid: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' });
    const biz = JSON.parse(paramsOf(calls[0]!).biz_content!);
    expect(biz.to_open_id).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    expect('to_user_id' in biz).toBe(false);
    expect(fx.send.bizContentFields).toContain('to_open_id');
  });

  it('cuts values to 50 characters before sending (USER_KEYWORD_LENGTH_ERROR otherwise)', async () => {
    const { fetch, calls } = fakeFetch(answer(R.success));
    await provider(fetch).send({ ...message, data: { keyword1: '很'.repeat(80) } });
    const data = JSON.parse(JSON.parse(paramsOf(calls[0]!).biz_content!).data);
    expect(Array.from(data.keyword1.value as string)).toHaveLength(fx.send.valueLimit);
    expect(data.keyword1.value.endsWith('…')).toBe(true);
  });

  it('maps refusals: the template or its keywords rejected, no subscription not_subscribed, Alipay’s trouble unavailable', async () => {
    const cases: Array<[unknown, string, string]> = [
      [R.keywordTooLong, 'rejected', 'USER_KEYWORD_LENGTH_ERROR'],
      [R.templateIllegal, 'rejected', 'USER_TEMPLATE_ILLEGAL'],
      [R.lackKeyword, 'rejected', 'USER_TEMPLATE_LACK_KEYWORD'],
      [R.notSubscribed, 'not_subscribed', 'USER_UNSUBSCRIBE'],
      [R.systemError, 'unavailable', 'SYSTEM_ERROR'],
      [R.serviceUnavailable, 'unavailable', 'isp.unknow-error'],
    ];
    for (const [node, reason, code] of cases) {
      const { fetch } = fakeFetch(answer(node));
      expect(await provider(fetch).send(message)).toEqual({ sent: false, reason, providerCode: code });
    }
    // An error_response (here: our signature refused) is rejected too.
    const { fetch } = fakeFetch(answer(R.invalidSignature, 'error_response'));
    expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'rejected', providerCode: 'isv.invalid-signature' });
  });

  it('an answer that cannot be trusted or read is unavailable: bad signature, unsigned success, HTTP error, network', async () => {
    const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cases: Array<[Response | Error, string]> = [
      [answer(R.success, KEY, forged.privateKey), 'signature'],
      [new Response(JSON.stringify({ [KEY]: R.success }), { status: 200 }), 'signature'],
      [new Response('bad gateway', { status: 502 }), 'http_502'],
      [new Response('<html/>', { status: 200 }), 'unreadable'],
      [new TypeError('fetch failed'), 'network'],
    ];
    for (const [answer, code] of cases) {
      const { fetch } = fakeFetch(answer);
      expect(await provider(fetch).send(message)).toEqual({ sent: false, reason: 'unavailable', providerCode: code });
    }
  });

  it('rejects an empty value, no openid or no template without a request', async () => {
    const { fetch, calls } = fakeFetch();
    const p = provider(fetch);
    expect(await p.send({ ...message, data: { keyword1: ' ' } })).toEqual({ sent: false, reason: 'rejected', providerCode: 'field:keyword1:empty' });
    expect(await p.send({ ...message, openid: '' })).toEqual({ sent: false, reason: 'rejected', providerCode: 'no_openid' });
    expect(await p.send({ ...message, templateId: '' })).toEqual({ sent: false, reason: 'rejected', providerCode: 'no_template' });
    expect(calls).toHaveLength(0);
  });
});
