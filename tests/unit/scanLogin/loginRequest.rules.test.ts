import { describe, expect, it } from 'vitest';
import {
  checkConfirmable,
  expiresAtFor,
  LOGIN_REQUEST_TTL_SECONDS,
  levelFor,
  parseQrContent,
  parseScope,
  qrContent,
  statusAt,
} from '../../../functions/scanLogin/loginRequest.rules.js';

const ID = 'lr_abcdefghijklmnopqrst';

describe('scopes', () => {
  it('needs openid, knows only openid, profile and idcard, and keeps a fixed order', () => {
    expect(parseScope('openid')).toEqual({ ok: true, scopes: ['openid'] });
    expect(parseScope('idcard  openid profile openid')).toEqual({ ok: true, scopes: ['openid', 'profile', 'idcard'] });
    expect(parseScope('profile')).toMatchObject({ ok: false, message: 'must include openid' });
    expect(parseScope('openid email')).toMatchObject({ ok: false, message: 'unknown scope: email' });
    expect(parseScope('')).toMatchObject({ ok: false });
  });

  it('openid and profile are level 1 (PIN); idcard is level 2 (face)', () => {
    expect(levelFor(['openid'])).toBe(1);
    expect(levelFor(['openid', 'profile'])).toBe(1);
    expect(levelFor(['openid', 'idcard'])).toBe(2);
    expect(levelFor(['openid', 'profile', 'idcard'])).toBe(2);
  });
});

describe('QR content', () => {
  it('is essc://login?r=<id> and parses back', () => {
    expect(qrContent(ID)).toBe(`essc://login?r=${ID}`);
    expect(parseQrContent(qrContent(ID))).toBe(ID);
  });

  it('refuses anything else', () => {
    expect(parseQrContent('https://example.com/?r=' + ID)).toBeUndefined();
    expect(parseQrContent('essc://login?r=lr_short')).toBeUndefined();
    expect(parseQrContent(`essc://login?r=${ID}&x=1`)).toBeUndefined();
    expect(parseQrContent('')).toBeUndefined();
  });
});

describe('expiry and confirmation', () => {
  const created = new Date('2026-11-23T08:00:00.000Z');
  const expiresAt = expiresAtFor(created).toISOString();

  it('expires 2 minutes after creation', () => {
    expect(LOGIN_REQUEST_TTL_SECONDS).toBe(120);
    expect(expiresAt).toBe('2026-11-23T08:02:00.000Z');
  });

  it('is pending until its expiry, then expired; confirmed stays confirmed', () => {
    const pending = { status: 'pending' as const, expiresAt };
    expect(statusAt(pending, new Date('2026-11-23T08:01:59.999Z'))).toBe('pending');
    expect(statusAt(pending, new Date('2026-11-23T08:02:00.000Z'))).toBe('expired');
    expect(statusAt({ status: 'confirmed', expiresAt }, new Date('2026-11-23T09:00:00.000Z'))).toBe('confirmed');
  });

  it('may be confirmed once, before its expiry', () => {
    expect(checkConfirmable({ status: 'pending', expiresAt }, new Date('2026-11-23T08:01:00.000Z'))).toBeUndefined();
    expect(checkConfirmable({ status: 'pending', expiresAt }, new Date('2026-11-23T08:02:00.000Z'))).toBe(
      'login_request_expired',
    );
    expect(checkConfirmable({ status: 'confirmed', expiresAt }, new Date('2026-11-23T08:01:00.000Z'))).toBe(
      'login_request_already_confirmed',
    );
  });
});
