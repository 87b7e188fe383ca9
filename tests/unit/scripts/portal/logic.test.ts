import { describe, expect, it } from 'vitest';
import { SEED_CHANNELS, SEED_KEYS } from '../../../../scripts/seed/index.js';
import { DEFAULT_PORTAL_PORT, DEMO_PORTAL, portalEnv } from '../../../../scripts/portal/defaults.js';
import { claimsView, LoginStore, parseCallback, parseFormBody, type PortalLogin } from '../../../../scripts/portal/logic.js';

const ID = 'lr_abcdefghijklmnopqrst';
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('parseFormBody', () => {
  it('decodes + as a space and percent escapes as UTF-8, as URLSearchParams encodes them', () => {
    const body = new URLSearchParams({ login_request_id: ID, id_token: JWT, note: '张 三+&=?' }).toString();
    expect(parseFormBody(body)).toEqual({ ok: true, fields: { login_request_id: ID, id_token: JWT, note: '张 三+&=?' } });
    expect(parseFormBody('a=1&b=&c')).toEqual({ ok: true, fields: { a: '1', b: '', c: '' } });
    expect(parseFormBody('')).toEqual({ ok: true, fields: {} });
    expect(parseFormBody('a=1&&b=2&')).toEqual({ ok: true, fields: { a: '1', b: '2' } });
  });

  it('refuses a field given twice, a nameless field and broken escapes instead of guessing', () => {
    expect(parseFormBody('id_token=a&id_token=b')).toEqual({ ok: false, message: 'id_token is given twice' });
    expect(parseFormBody('=x')).toMatchObject({ ok: false });
    expect(parseFormBody('a=%E4%B8')).toEqual({ ok: false, message: 'malformed percent-encoding' });
    expect(parseFormBody('a=%zz')).toMatchObject({ ok: false });
  });

  it('does not let a field named like an Object property through as one', () => {
    const r = parseFormBody('__proto__=x&constructor=y');
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.fields.__proto__).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('parseCallback', () => {
  it('takes login_request_id and id_token', () => {
    expect(parseCallback(`login_request_id=${ID}&id_token=${JWT}`)).toEqual({ ok: true, loginRequestId: ID, idToken: JWT });
  });

  it('names the field that is missing or malformed', () => {
    expect(parseCallback(`id_token=${JWT}`)).toEqual({ ok: false, field: 'login_request_id', message: 'required' });
    expect(parseCallback(`login_request_id=lr_short&id_token=${JWT}`)).toEqual({ ok: false, field: 'login_request_id', message: 'malformed' });
    expect(parseCallback(`login_request_id=${ID}`)).toEqual({ ok: false, field: 'id_token', message: 'required' });
    expect(parseCallback(`login_request_id=${ID}&id_token=not-a-jwt`)).toMatchObject({ ok: false, field: 'id_token' });
    expect(parseCallback(`login_request_id=${ID}&id_token=${'a'.repeat(9000)}.b.c`)).toMatchObject({ ok: false, field: 'id_token' });
    expect(parseCallback(`login_request_id=${ID}&login_request_id=${ID}&id_token=${JWT}`)).toMatchObject({ ok: false, field: 'body' });
  });
});

describe('claimsView', () => {
  it('keeps the claims the portal shows and drops the rest (the nonce included)', () => {
    const payload = {
      iss: 'http://127.0.0.1:3000',
      aud: 'demo-portal',
      sub: 'pairwise-sub',
      iat: 1_800_000_000,
      exp: 1_800_000_300,
      acr: '2',
      nonce: 'n-123456789',
      name: '张*',
      essc_masked_id_number: '3201**********1234',
      essc_card_level: 3,
      other: 'x',
    };
    expect(claimsView(payload)).toEqual({
      sub: 'pairwise-sub',
      name: '张*',
      essc_masked_id_number: '3201**********1234',
      essc_card_level: 3,
      acr: '2',
      iss: 'http://127.0.0.1:3000',
      aud: 'demo-portal',
      iat: 1_800_000_000,
      exp: 1_800_000_300,
    });
    const minimal = claimsView({ iss: 'i', aud: ['demo-portal'], sub: 's', iat: 1, exp: 2, acr: '1' });
    expect(minimal).toEqual({ sub: 's', acr: '1', iss: 'i', aud: ['demo-portal'], iat: 1, exp: 2 });
    expect('name' in minimal).toBe(false);
  });
});

describe('LoginStore', () => {
  const login = (id: string, createdAt: number): PortalLogin => ({ id, nonce: `nonce-${id}`, scope: 'openid', expiresAt: '', createdAt });
  const result = (via: 'callback' | 'polling') => ({ via, claims: claimsView({ sub: via }), verifiedAt: 0 });

  it('keeps the first verified result: a later callback or poll does not replace it', () => {
    const store = new LoginStore();
    store.add(login('a', 0), 0);
    expect(store.settle('a', result('polling'), 1)?.via).toBe('polling');
    expect(store.settle('a', result('callback'), 2)?.via).toBe('polling');
    expect(store.get('a', 3)?.result?.claims.sub).toBe('polling');
    expect(store.settle('unknown', result('callback'), 3)).toBeUndefined();
  });

  it('forgets a login after keepMs and holds at most max, dropping the oldest', () => {
    const store = new LoginStore(3, 1_000);
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) store.add(login(id, i), i);
    expect(store.size).toBe(3);
    expect(store.get('a', 10)).toBeUndefined();
    expect(store.get('d', 10)?.nonce).toBe('nonce-d');
    expect(store.get('b', 1_002)).toBeUndefined();
    store.add(login('e', 5_000), 5_000);
    expect(store.size).toBe(1);
  });
});

describe('demo portal defaults', () => {
  it('match the seeded portal channel, which registers the callback of each local stack', () => {
    const seeded = SEED_CHANNELS.find((p) => p.id === DEMO_PORTAL.id);
    expect(SEED_KEYS.find((k) => k.owner.pk === `CHANNEL#${DEMO_PORTAL.id}`)?.secret).toBe(DEMO_PORTAL.secret);
    expect(seeded?.kind).toBe('portal');
    expect(seeded?.portalName).toBe(DEMO_PORTAL.title);
    // npm start (10090), the e2e stack (10091) and the api tests (10094).
    for (const port of [DEFAULT_PORTAL_PORT, 10091, 10094]) {
      expect(seeded?.redirectUris).toContain(`http://127.0.0.1:${port}/callback`);
    }
  });

  it('read API_URL and PORTAL_* from the environment', () => {
    expect(portalEnv({})).toEqual({ apiUrl: 'http://127.0.0.1:3000', channelId: 'demo-portal', secret: DEMO_PORTAL.secret, host: '127.0.0.1', port: 10090 });
    expect(portalEnv({ API_URL: 'http://x:1', PORTAL_PORT: '1234', PORTAL_CHANNEL_ID: 'p', PORTAL_SECRET: 's', PORTAL_HOST: '0.0.0.0' })).toEqual({
      apiUrl: 'http://x:1',
      channelId: 'p',
      secret: 's',
      host: '0.0.0.0',
      port: 1234,
    });
  });
});
