/**
 * The channel partner platform against DynamoDB Local, through the route handlers with real
 * HTTP API events: channels as data (operator operations), signing keys and their rotation
 * (HMAC-SHA256 and SM2-SM3), the refusals a partner can act on, launch tickets and the
 * sessions they open, pairwise holders, and one channel's calls against another's holders.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClockOffset } from '../../functions/core/clock.js';
import { channelKeys, createChannel, setChannelState, updateChannel } from '../../functions/channels/operations.js';
import { getChannel } from '../../functions/channels/channel.store.js';
import { institutionItem, institutionKey } from '../../functions/institutions/institution.store.js';
import { createPartnerKey, createPartnerLaunchTicket, deletePartnerKey, getPartnerUser, listPartnerKeys } from '../../functions/partners/partnerRoutes.js';
import { createSubChannel, createSubChannelKey, listSubChannels, setSubChannelState, updateSubChannel } from '../../functions/partners/subChannelRoutes.js';
import { createTerminalKey, deleteTerminalKey, listTerminalKeys } from '../../functions/institutions/terminalKeysRoutes.js';
import { createSession } from '../../functions/sessions/sessionsRoutes.js';
import { getMyCard } from '../../functions/cards/cardsRoutes.js';
import { verifySessionToken } from '../../functions/core/session/sessionToken.js';
import { holderRefOf } from '../../functions/partners/holderRef.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { invoke, routeEvent } from '../unit/support/lambda.js';
import { signedRouteEvent, type TestSigner } from '../support/signedEvent.js';
import { independentKeyPair as referenceKeyPair } from '../support/sm2Independent.js';
import { peopleFor } from '../support/people.js';
import { claimAs, registerHmacKey, startFace, stopFace } from './support.js';

const people = peopleFor(import.meta.url);
const PIN = '246810';
const RUN = Date.now().toString(36);

beforeAll(async () => {
  process.env.H5_APP_URL = 'http://127.0.0.1:10087/';
  await startFace();
});
afterAll(stopFace);
afterEach(() => setClockOffset(0));

/** A sandbox tier-1 bank channel with one HMAC key; its signer. */
async function newBank(name: string, extra: Record<string, unknown> = {}): Promise<TestSigner & { channelId: string }> {
  const id = `it-${name}-${RUN}`;
  await createChannel({
    id,
    name: `测试银行${name}`,
    platform: 'h5',
    login: 'ticket',
    faceProvider: 'sandbox',
    tier: 1,
    category: 'bank',
    services: ['claim', 'codes', 'settlement', 'family', 'pension'],
    webOrigins: ['https://h5.bank.example', 'http://127.0.0.1:10093'],
    ...extra,
  });
  const key = await channelKeys.create(id, { algorithm: 'HMAC-SHA256' });
  return { header: 'x-essc-channel', id, channelId: id, keyId: key.keyId, secret: key.secret! };
}

const keysOf = async (signer: TestSigner) => invoke(listPartnerKeys, signedRouteEvent(signer, 'GET', '/v1/partner/keys'));

describe('channels as data', () => {
  it('an operator creates, changes and moves a channel through its states; refusals name what is wrong', async () => {
    const bank = await newBank('life');
    expect((await keysOf(bank)).statusCode).toBe(200);
    await expect(createChannel({ id: bank.channelId, name: 'x', platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 1, category: 'bank', services: [] })).rejects.toMatchObject({
      status: 409,
      code: 'channel_exists',
    });
    await expect(createChannel({ id: 'Bad Id', name: '' })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    await expect(updateChannel(bank.channelId, { webOrigins: ['http://bank.example'] })).rejects.toMatchObject({ status: 422, code: 'invalid_channel_settings' });
    await expect(updateChannel(`it-none-${RUN}`, { name: '无' })).rejects.toMatchObject({ status: 404, code: 'channel_not_found' });
    expect(await updateChannel(bank.channelId, { name: '测试银行（改名）' })).toMatchObject({ name: '测试银行（改名）', state: 'sandbox' });

    // A tier-2 channel under it, within the parent's services only.
    const child = { platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 2, category: 'bank', parentId: bank.channelId };
    await expect(createChannel({ ...child, id: `it-child-a-${RUN}`, name: '分行A', services: ['codes', 'scan_login'] })).rejects.toMatchObject({ code: 'invalid_channel_settings' });
    await expect(createChannel({ ...child, id: `it-child-b-${RUN}`, name: '分行B', parentId: undefined, services: ['codes'] })).rejects.toMatchObject({ code: 'invalid_channel_settings' });
    expect(await createChannel({ ...child, id: `it-child-c-${RUN}`, name: '分行C', services: ['codes'] })).toMatchObject({ tier: 2, parentId: bank.channelId });

    expect(await setChannelState(bank.channelId, 'live')).toMatchObject({ state: 'live', active: true });
    await expect(setChannelState(bank.channelId, 'sandbox')).rejects.toMatchObject({ status: 409, code: 'invalid_state_change' });
    await setChannelState(bank.channelId, 'suspended');
    // Suspended: its signed calls stop at once (no cache outlives it).
    expect((await keysOf(bank)).body).toMatchObject({ status: 401, code: 'unknown_channel' });
    await setChannelState(bank.channelId, 'live');
    expect((await keysOf(bank)).statusCode).toBe(200);
    await setChannelState(bank.channelId, 'retired');
    await expect(setChannelState(bank.channelId, 'live')).rejects.toMatchObject({ code: 'invalid_state_change' });
    expect((await keysOf(bank)).body).toMatchObject({ code: 'unknown_channel' });
  });

  it('a suspended channel’s holder sessions stop at once, and work again when it is live', async () => {
    const bank = await newBank('sessions');
    const holder = await claimAs(people.claimable(0), PIN, { channelId: bank.channelId, platform: 'h5', openid: `u-${RUN}` });
    const { issueSessionToken } = await import('../../functions/core/session/sessionToken.js');
    const { token } = await issueSessionToken(holder.session);
    const me = () => invoke(getMyCard, routeEvent('GET', '/v1/cards/me', { headers: { authorization: `Bearer ${token}` } }));
    expect((await me()).statusCode).toBe(200);
    await setChannelState(bank.channelId, 'suspended');
    expect((await me()).body).toMatchObject({ status: 401, code: 'channel_inactive' });
    await setChannelState(bank.channelId, 'live');
    expect((await me()).statusCode).toBe(200);
  });
});

describe('signing keys', () => {
  it('HMAC rotation: the old key works until 24 h after the new one is made, then 401; never the last key', async () => {
    const bank = await newBank('rotate');
    expect(bank.secret).toMatch(/^essc_test_[A-Za-z0-9_-]{43}$/);
    const made = await invoke(createPartnerKey, signedRouteEvent(bank, 'POST', '/v1/partner/keys', { body: { algorithm: 'HMAC-SHA256' } }));
    expect(made.statusCode).toBe(201);
    expect(made.body).toMatchObject({ algorithm: 'HMAC-SHA256', keyId: expect.stringMatching(/^key_/), secret: expect.stringMatching(/^essc_test_/) });
    const next: TestSigner = { ...bank, keyId: made.body.keyId as string, secret: made.body.secret as string };

    const listed = await keysOf(next);
    expect(listed.statusCode).toBe(200);
    const keys = listed.body.keys as Record<string, unknown>[];
    expect(keys).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain(next.secret!);
    const old = keys.find((k) => k.keyId === bank.keyId)!;
    expect(Date.parse(old.expiresAt as string) - Date.parse(made.body.createdAt as string)).toBe(24 * 3_600_000);
    expect(old.lastUsedAt).toBeDefined();
    expect(keys.find((k) => k.keyId === next.keyId)!.expiresAt).toBeUndefined();

    // A third key while rotating is refused; both keys sign meanwhile; without a key id the oldest signs.
    expect((await invoke(createPartnerKey, signedRouteEvent(next, 'POST', '/v1/partner/keys', { body: { algorithm: 'HMAC-SHA256' } }))).body).toMatchObject({ status: 409, code: 'rotation_in_progress' });
    expect((await keysOf(bank)).statusCode).toBe(200);
    expect((await keysOf({ ...bank, keyId: undefined })).statusCode).toBe(200);
    expect((await keysOf({ ...next, keyId: undefined })).body).toMatchObject({ code: 'bad_signature' });

    setClockOffset(24 * 3_600_000 + 1000);
    expect((await keysOf(bank)).body).toMatchObject({ status: 401, code: 'key_expired' });
    expect((await keysOf(next)).statusCode).toBe(200);
    expect((await keysOf({ ...next, keyId: undefined })).statusCode).toBe(200);
    const last = await invoke(deletePartnerKey, signedRouteEvent(next, 'DELETE', '/v1/partner/keys/{keyId}', { rawPath: `/v1/partner/keys/${next.keyId}`, pathParameters: { keyId: next.keyId! } }));
    expect(last.body).toMatchObject({ status: 409, code: 'last_active_key' });
    // The expired key may go.
    const gone = await invoke(deletePartnerKey, signedRouteEvent(next, 'DELETE', '/v1/partner/keys/{keyId}', { rawPath: `/v1/partner/keys/${bank.keyId}`, pathParameters: { keyId: bank.keyId! } }));
    expect(gone.statusCode).toBe(204);
    expect((await keysOf(bank)).body).toMatchObject({ code: 'unknown_key' });
  });

  it('SM2-SM3: a registered public key verifies signatures made by an independent SM2 implementation; rotation as for HMAC', async () => {
    const bank = await newBank('sm2');
    const pair = referenceKeyPair();
    const made = await invoke(createPartnerKey, signedRouteEvent(bank, 'POST', '/v1/partner/keys', { body: { algorithm: 'SM2-SM3', publicKey: pair.publicKey } }));
    expect(made.statusCode).toBe(201);
    expect(made.body).not.toHaveProperty('secret');
    const sm2: TestSigner = { header: 'x-essc-channel', id: bank.id, keyId: made.body.keyId as string, sm2PrivateKey: pair.privateKey };
    expect((await keysOf(sm2)).statusCode).toBe(200);
    const other = referenceKeyPair();
    const forged = await keysOf({ ...sm2, sm2PrivateKey: other.privateKey });
    expect(forged.body).toMatchObject({ status: 401, code: 'bad_signature', algorithm: 'SM2-SM3', signedString: expect.stringContaining('GET\n/v1/partner/keys\n') });
    expect((await invoke(createPartnerKey, signedRouteEvent(sm2, 'POST', '/v1/partner/keys', { body: { algorithm: 'HMAC-SHA256' } }))).body).toMatchObject({ code: 'rotation_in_progress' });

    const bad = await newBank('sm2bad');
    for (const publicKey of [undefined, '04abc', `04${'1'.repeat(128)}`]) {
      const res = await invoke(createPartnerKey, signedRouteEvent(bad, 'POST', '/v1/partner/keys', { body: { algorithm: 'SM2-SM3', ...(publicKey ? { publicKey } : {}) } }));
      expect(res.body, String(publicKey)).toMatchObject({ status: 422, code: 'invalid_public_key' });
    }
    setClockOffset(24 * 3_600_000 + 1000);
    expect((await keysOf(bank)).body).toMatchObject({ code: 'key_expired' });
    expect((await keysOf(sm2)).statusCode).toBe(200);
  });

  it('refusals a partner can act on, and never the expected signature', async () => {
    const bank = await newBank('refuse');
    const stale = await keysOf({ ...bank });
    expect(stale.statusCode).toBe(200);
    const old = await invoke(listPartnerKeys, signedRouteEvent(bank, 'GET', '/v1/partner/keys', { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(old.body).toMatchObject({ status: 401, code: 'stale_timestamp', serverTime: expect.any(String), serverTimestamp: expect.any(Number) });
    expect((await keysOf({ ...bank, keyId: 'key_nope' })).body).toMatchObject({ status: 401, code: 'unknown_key' });
    expect((await keysOf({ ...bank, keyId: 'bad id!' })).body).toMatchObject({ status: 401, code: 'malformed_signature' });

    const body = { algorithm: 'HMAC-SHA256' };
    const altered = await invoke(
      createPartnerKey,
      signedRouteEvent(bank, 'POST', '/v1/partner/keys', { body, headers: { 'x-essc-content-sha256': '0'.repeat(64) } }),
    );
    expect(altered.body).toMatchObject({ status: 401, code: 'body_hash_mismatch', bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const event = signedRouteEvent({ ...bank, secret: 'essc_test_wrong' }, 'GET', '/v1/partner/keys');
    const wrong = await invoke(listPartnerKeys, event);
    expect(wrong.body).toMatchObject({ status: 401, code: 'bad_signature', keyId: bank.keyId, algorithm: 'HMAC-SHA256' });
    // The expected signature is nowhere in the answer.
    const right = signedRouteEvent(bank, 'GET', '/v1/partner/keys', { timestamp: Number(event.headers['x-essc-timestamp']), nonce: event.headers['x-essc-nonce'] });
    expect(JSON.stringify(wrong)).not.toContain(right.headers['x-essc-signature']!);

    // A replayed request is refused, and so is another channel's key id.
    const once = signedRouteEvent(bank, 'GET', '/v1/partner/keys');
    expect((await invoke(listPartnerKeys, once)).statusCode).toBe(200);
    expect((await invoke(listPartnerKeys, once)).body).toMatchObject({ status: 401, code: 'replayed_nonce' });
    const other = await newBank('refuse2');
    expect((await keysOf({ ...bank, keyId: other.keyId })).body).toMatchObject({ code: 'unknown_key' });
    // A portal's key does not open the partner API, nor a partner's the portal API.
    expect((await invoke(listPartnerKeys, signedRouteEvent({ header: 'x-essc-channel', id: 'demo-portal', secret: 'demo-portal-secret-not-for-production' }, 'GET', '/v1/partner/keys'))).body).toMatchObject({ code: 'unknown_channel' });
  });

  it('terminals get key ids and rotation the same way', async () => {
    const id = `it-inst-${RUN}`;
    await ddb().send(new PutCommand({ TableName: tableName(), Item: institutionItem({ id, name: '测试药房', kind: 'pharmacy', level: 1, regionCode: '320100', active: true }) }));
    await registerHmacKey(institutionKey(id), 'it-institution-secret', `${id}-key-1`);
    const inst: TestSigner = { header: 'x-essc-institution', id, secret: 'it-institution-secret' };
    expect((await invoke(listTerminalKeys, signedRouteEvent(inst, 'GET', '/v1/terminal/keys'))).body).toMatchObject({ keys: [{ keyId: `${id}-key-1`, algorithm: 'HMAC-SHA256' }] });
    const made = await invoke(createTerminalKey, signedRouteEvent(inst, 'POST', '/v1/terminal/keys', { body: { algorithm: 'HMAC-SHA256' } }));
    expect(made.statusCode).toBe(201);
    const next: TestSigner = { ...inst, keyId: made.body.keyId as string, secret: made.body.secret as string };
    expect((await invoke(listTerminalKeys, signedRouteEvent(next, 'GET', '/v1/terminal/keys'))).body.keys).toHaveLength(2);
    setClockOffset(24 * 3_600_000 + 1000);
    expect((await invoke(listTerminalKeys, signedRouteEvent(inst, 'GET', '/v1/terminal/keys'))).body).toMatchObject({ code: 'bad_signature' });
    expect((await invoke(listTerminalKeys, signedRouteEvent({ ...inst, keyId: `${id}-key-1` }, 'GET', '/v1/terminal/keys'))).body).toMatchObject({ code: 'key_expired' });
    const del = await invoke(deleteTerminalKey, signedRouteEvent(next, 'DELETE', '/v1/terminal/keys/{keyId}', { rawPath: `/v1/terminal/keys/${next.keyId}`, pathParameters: { keyId: next.keyId! } }));
    expect(del.body).toMatchObject({ code: 'last_active_key' });
  });
});

describe('launch tickets and pairwise holders', () => {
  const ticketFor = (bank: TestSigner, body: unknown) => invoke(createPartnerLaunchTicket, signedRouteEvent(bank, 'POST', '/v1/partner/launch-tickets', { body }));
  const login = (channelId: string, loginCode: string) =>
    invoke(createSession, routeEvent('POST', '/v1/sessions', { body: JSON.stringify({ channelId, platform: 'h5', loginCode }), headers: { 'content-type': 'application/json' } }));

  it('a ticket opens one session for its partner user, once, within 5 minutes, in its own channel only', async () => {
    const bank = await newBank('ticket');
    const other = await newBank('ticket2');
    const made = await ticketFor(bank, { partnerUserId: 'user-001', returnUrl: 'https://h5.bank.example/card' });
    expect(made.statusCode).toBe(201);
    const { ticket, launchUrl, expiresAt } = made.body as { ticket: string; launchUrl: string; expiresAt: string };
    expect(new URL(launchUrl).searchParams.get('ticket')).toBe(ticket);
    expect(new URL(launchUrl).searchParams.get('channel')).toBe(bank.channelId);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);

    expect((await login(other.channelId, `ticket:${ticket}`)).body).toMatchObject({ status: 401, code: 'invalid_ticket' });
    const session = await login(bank.channelId, `ticket:${ticket}`);
    expect(session.statusCode).toBe(201);
    expect(await verifySessionToken(session.body.token as string)).toMatchObject({ channelId: bank.channelId, openid: 'user-001' });
    expect((await login(bank.channelId, `ticket:${ticket}`)).body).toMatchObject({ status: 401, code: 'invalid_ticket' });

    const late = (await ticketFor(bank, { partnerUserId: 'user-002' })).body.ticket as string;
    setClockOffset(5 * 60_000 + 1000);
    expect((await login(bank.channelId, `ticket:${late}`)).body).toMatchObject({ status: 401, code: 'invalid_ticket' });
    setClockOffset(0);
    expect((await login(bank.channelId, 'ticket:lt_forged')).body).toMatchObject({ status: 401, code: 'invalid_ticket' });
    // A ticket-only channel takes no platform login code.
    expect((await login(bank.channelId, 'sandbox:someone')).body).toMatchObject({ status: 401, code: 'login_code_rejected' });
  });

  it('refuses a partner user id that is empty, over 64 characters or not printable, and a return URL outside its origins', async () => {
    const bank = await newBank('ticketbad');
    for (const partnerUserId of ['', 'x'.repeat(65), 'has space', '用户', 'tab\tin', 42]) {
      expect((await ticketFor(bank, { partnerUserId })).body, String(partnerUserId)).toMatchObject({ status: 400, code: 'invalid_request', errors: expect.arrayContaining([expect.objectContaining({ field: 'partnerUserId' })]) });
    }
    expect((await ticketFor(bank, { partnerUserId: 'x'.repeat(64) })).statusCode).toBe(201);
    expect((await ticketFor(bank, { partnerUserId: 'u', returnUrl: 'https://evil.example/' })).body).toMatchObject({ status: 422, code: 'invalid_return_url' });
    expect((await ticketFor(bank, { partnerUserId: 'u', extra: 1 })).body).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('a channel sees its own users as pairwise holderRefs, and nothing of another channel’s', async () => {
    const a = await newBank('paira');
    const b = await newBank('pairb');
    const holder = await claimAs(people.claimable(1), PIN, { channelId: a.channelId, platform: 'h5', openid: 'shared-user' });
    const user = (signer: TestSigner, id: string) =>
      invoke(getPartnerUser, signedRouteEvent(signer, 'GET', '/v1/partner/users/{partnerUserId}', { rawPath: `/v1/partner/users/${id}`, pathParameters: { partnerUserId: id } }));
    const seen = await user(a, 'shared-user');
    expect(seen.body).toMatchObject({ partnerUserId: 'shared-user', bound: true, holderRef: expect.stringMatching(/^hr_[A-Za-z0-9_-]{26}$/), cardStatus: 'normal', level: 3 });
    const text = JSON.stringify(seen.body);
    for (const secret of [holder.cardId, holder.person.name, holder.person.idNumber, holder.person.cardNumber]) expect(text).not.toContain(secret);
    // Pairwise: the same card has another reference in another channel; the same user id there is nobody.
    expect(await holderRefOf(b.channelId, holder.cardId)).not.toBe(seen.body.holderRef);
    expect(await holderRefOf(a.channelId, holder.cardId)).toBe(seen.body.holderRef);
    expect((await user(b, 'shared-user')).body).toEqual({ partnerUserId: 'shared-user', bound: false });
    // B cannot touch A's keys, tickets or sessions.
    const del = await invoke(deletePartnerKey, signedRouteEvent(b, 'DELETE', '/v1/partner/keys/{keyId}', { rawPath: `/v1/partner/keys/${a.keyId}`, pathParameters: { keyId: a.keyId! } }));
    expect(del.body).toMatchObject({ status: 404, code: 'key_not_found' });
    expect((await keysOf(a)).body.keys).toHaveLength(1);
    const ticket = (await ticketFor(a, { partnerUserId: 'shared-user' })).body.ticket as string;
    expect((await login(b.channelId, `ticket:${ticket}`)).body).toMatchObject({ code: 'invalid_ticket' });
    const bSession = await login(b.channelId, `ticket:${(await ticketFor(b, { partnerUserId: 'shared-user' })).body.ticket as string}`);
    const card = await invoke(getMyCard, routeEvent('GET', '/v1/cards/me', { headers: { authorization: `Bearer ${bSession.body.token as string}` } }));
    expect(card.body).toMatchObject({ status: 404 });
  });
});

describe('the operator CLI', () => {
  it('npm run operator -- channels: create, list, show (no secrets), state, keys, new-key, delete-key', async () => {
    const { runOperator } = await import('../../scripts/operator.js');
    const lines: string[] = [];
    const errs: string[] = [];
    const run = (...args: string[]) => runOperator(['channels', ...args], (l) => lines.push(l), (l) => errs.push(l));
    const id = `it-cli-${RUN}`;
    const spec = { id, name: '命令行银行', platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 1, category: 'bank', services: ['codes'], platformSecrets: { tencentSecretKey: 'tencent-secret-value' } };
    expect(await run('create', JSON.stringify(spec))).toBe(0);
    expect(await run('create', JSON.stringify(spec))).toBe(1);
    expect(errs.pop()).toMatch(/^channel_exists/);
    expect(await run('create', '{not json')).toBe(2);
    expect(await run('list')).toBe(0);
    expect(lines.some((l) => l.startsWith(`${id}\tsandbox\ttier 1`))).toBe(true);
    expect(await run('show', id)).toBe(0);
    const shown = lines.pop()!;
    expect(JSON.parse(shown)).toMatchObject({ id, hasPlatformSecrets: true });
    expect(shown).not.toContain('tencent-secret-value');
    expect(shown).not.toContain('platformSecretsEnc');
    expect(await run('new-key', id)).toBe(0);
    const made = lines.pop()!;
    expect(made).toMatch(/^key_\S+\tHMAC-SHA256\tsecret \(shown once\): essc_test_/);
    const keyId = made.split('\t')[0]!;
    expect(await run('new-key', id, '--sm2', referenceKeyPair().publicKey)).toBe(0);
    expect(await run('keys', id)).toBe(0);
    expect(lines.slice(-2).every((l) => !l.includes('essc_test_'))).toBe(true);
    expect(await run('delete-key', id, keyId)).toBe(0);
    expect(await run('delete-key', id, lines.at(-2)!.split('\t')[0]!)).toBe(1);
    expect(errs.pop()).toMatch(/^last_active_key/);
    expect(await run('state', id, 'live')).toBe(0);
    expect(await run('state', id, 'sandbox')).toBe(1);
    expect(await run('state', id, 'nonsense')).toBe(2);
    expect(await run('update', id, JSON.stringify({ services: ['codes', 'claim'] }))).toBe(0);
    expect(await run('show', `it-none-${RUN}`)).toBe(1);
  });
});

describe('rate limits per channel and per key', () => {
  it("a channel's own budget (callsPerMinute) and each key's share of it: 429 rate_limited with Retry-After, naming which", async () => {
    // Start just after a minute opens, so the counted calls share one window.
    setClockOffset(60_000 - (Date.now() % 60_000) + 200);
    const bank = await newBank('limits', { callsPerMinute: 3 });
    const second = await channelKeys.create(bank.channelId, { algorithm: 'HMAC-SHA256' });
    const other: TestSigner = { ...bank, keyId: second.keyId, secret: second.secret! };
    // Each key may make ceil(3 × 2/3) = 2 of the channel's 3.
    expect((await keysOf(bank)).statusCode).toBe(200);
    expect((await keysOf(bank)).statusCode).toBe(200);
    const overKey = await keysOf(bank);
    expect(overKey).toMatchObject({ statusCode: 429, body: { code: 'rate_limited', limit: 'channel-key' } });
    expect(Number(overKey.headers['retry-after'])).toBeGreaterThan(0);
    // The key's refusal did not spend the channel's budget: one call left, for the other key.
    const results = [await keysOf(other), await keysOf(other)];
    expect(results.map((r) => r.statusCode)).toEqual([200, 429]);
    expect(results[1]!.body).toMatchObject({ code: 'rate_limited', limit: 'channel' });
    // A badly signed call is refused before any count: it cannot spend the channel's budget.
    const forged = await keysOf({ ...other, secret: 'essc_test_forged' });
    expect(forged.body).toMatchObject({ status: 401, code: 'bad_signature' });
    // An operator raises the budget: the channel works again within the same minute.
    await updateChannel(bank.channelId, { callsPerMinute: 100 });
    expect((await keysOf(other)).statusCode).toBe(200);
    await expect(updateChannel(bank.channelId, { callsPerMinute: 0 })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
  });
});

describe('tier-2 channels follow their parent', () => {
  it("suspending a tier-1 channel stops its tier-2 channels in the same change; resuming restarts them; a child made under a suspended parent starts stopped", async () => {
    const parent = await newBank('parent');
    const childId = `it-branch-${RUN}`;
    await createChannel({ id: childId, name: '分行', platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 2, parentId: parent.channelId, category: 'bank', services: ['codes'], webOrigins: ['https://branch.bank.example'] });
    const key = await channelKeys.create(childId, { algorithm: 'HMAC-SHA256' });
    const child: TestSigner = { header: 'x-essc-channel', id: childId, keyId: key.keyId, secret: key.secret! };
    expect((await keysOf(child)).statusCode).toBe(200);

    await setChannelState(parent.channelId, 'suspended');
    expect((await keysOf(child)).body).toMatchObject({ status: 401, code: 'unknown_channel' });
    expect(await getChannel(childId, true)).toMatchObject({ state: 'sandbox', active: false, parentInactive: true });
    const late = `it-branch-late-${RUN}`;
    expect(await createChannel({ id: late, name: '新分行', platform: 'h5', login: 'ticket', faceProvider: 'sandbox', tier: 2, parentId: parent.channelId, category: 'bank', services: ['codes'] })).toMatchObject({ active: false });

    await setChannelState(parent.channelId, 'live');
    expect((await keysOf(child)).statusCode).toBe(200);
    expect(await getChannel(childId, true)).toMatchObject({ active: true, parentInactive: false });
    // The child's own suspension stays its own when the parent resumes.
    await setChannelState(childId, 'suspended');
    await setChannelState(parent.channelId, 'suspended');
    await setChannelState(parent.channelId, 'live');
    expect(await getChannel(childId, true)).toMatchObject({ state: 'suspended', active: false });
  });
});

describe('a tier-1 channel manages its tier-2 channels', () => {
  const at = (id: string, suffix = '') => ({ rawPath: `/v1/partner/channels/${id}${suffix}`, pathParameters: { channelId: id } });

  it('creates, lists, changes, keys and suspends its own children, within its services; never another channel’s', async () => {
    const bank = await newBank('tier1');
    const other = await newBank('tier1-other');
    const childId = `it-sub-${RUN}`;
    const make = (signer: TestSigner, body: unknown) => invoke(createSubChannel, signedRouteEvent(signer, 'POST', '/v1/partner/channels', { body }));

    expect((await make(bank, { id: `it-sub-x-${RUN}`, name: '越权', services: ['scan_login'] })).body).toMatchObject({ status: 422, code: 'invalid_channel_settings' });
    expect((await make(bank, { id: 'Bad Id', name: '' })).body).toMatchObject({ status: 400, code: 'invalid_request' });
    const made = await make(bank, { id: childId, name: '分行甲', services: ['codes', 'claim'], webOrigins: ['https://branch-a.bank.example'] });
    expect(made).toMatchObject({ statusCode: 201, body: { channel: { id: childId, tier: 2, parentId: bank.channelId, state: 'sandbox', active: true, category: 'bank' } } });
    expect((await make(bank, { id: childId, name: '重复', services: ['codes'] })).body).toMatchObject({ status: 409, code: 'channel_exists' });

    const listed = await invoke(listSubChannels, signedRouteEvent(bank, 'GET', '/v1/partner/channels'));
    expect((listed.body.channels as { id: string }[]).map((c) => c.id)).toEqual([childId]);
    expect(JSON.stringify(listed.body)).not.toMatch(/secret/i);
    expect((await invoke(listSubChannels, signedRouteEvent(other, 'GET', '/v1/partner/channels'))).body).toEqual({ channels: [] });

    const renamed = await invoke(updateSubChannel, signedRouteEvent(bank, 'PUT', '/v1/partner/channels/{channelId}', { ...at(childId), body: { name: '分行甲（新）' } }));
    expect(renamed.body).toMatchObject({ channel: { name: '分行甲（新）' } });
    // Another tier-1 channel: as if the child did not exist.
    expect((await invoke(updateSubChannel, signedRouteEvent(other, 'PUT', '/v1/partner/channels/{channelId}', { ...at(childId), body: { name: '劫持' } }))).body).toMatchObject({ status: 404, code: 'channel_not_found' });
    expect((await invoke(createSubChannelKey, signedRouteEvent(other, 'POST', '/v1/partner/channels/{channelId}/keys', { ...at(childId, '/keys'), body: { algorithm: 'HMAC-SHA256' } }))).body).toMatchObject({ status: 404 });

    // The parent makes the child's key; the child signs with it, but manages no channels itself.
    const key = await invoke(createSubChannelKey, signedRouteEvent(bank, 'POST', '/v1/partner/channels/{channelId}/keys', { ...at(childId, '/keys'), body: { algorithm: 'HMAC-SHA256' } }));
    expect(key).toMatchObject({ statusCode: 201, body: { secret: expect.stringMatching(/^essc_test_/) } });
    const child: TestSigner = { header: 'x-essc-channel', id: childId, keyId: key.body.keyId as string, secret: key.body.secret as string };
    expect((await keysOf(child)).statusCode).toBe(200);
    expect((await invoke(listSubChannels, signedRouteEvent(child, 'GET', '/v1/partner/channels'))).body).toMatchObject({ status: 403, code: 'tier1_only' });

    // Live only once the parent is; suspended, its calls stop at once.
    const state = (signer: TestSigner, s: string) => invoke(setSubChannelState, signedRouteEvent(signer, 'POST', '/v1/partner/channels/{channelId}/state', { ...at(childId, '/state'), body: { state: s } }));
    expect((await state(bank, 'live')).body).toMatchObject({ status: 409, code: 'invalid_state_change' });
    expect((await state(bank, 'paused')).body).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((await state(bank, 'suspended')).body).toMatchObject({ channel: { state: 'suspended', active: false } });
    expect((await keysOf(child)).body).toMatchObject({ status: 401, code: 'unknown_channel' });
    await setChannelState(bank.channelId, 'live');
    expect((await state(bank, 'live')).body).toMatchObject({ channel: { state: 'live', active: true } });
    expect((await keysOf(child)).statusCode).toBe(200);

    // An operator's suspension is the operator's to lift; the parent may still retire the child.
    await setChannelState(childId, 'suspended');
    expect((await state(bank, 'live')).body).toMatchObject({ status: 403, code: 'suspended_by_operator' });
    await setChannelState(childId, 'live');
    // The same origin twice is refused by the schema (it would be two writes of one item).
    expect((await make(bank, { id: `it-sub-dup-${RUN}`, name: '重复源', services: ['codes'], webOrigins: ['https://d.bank.example', 'https://d.bank.example'] })).body).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('a sandbox parent suspends and resumes its child to the sandbox', async () => {
    const bank = await newBank('tier1-sandbox');
    const childId = `it-sub-sb-${RUN}`;
    await invoke(createSubChannel, signedRouteEvent(bank, 'POST', '/v1/partner/channels', { body: { id: childId, name: '沙箱分行', services: ['codes'] } }));
    const state = (s: string) => invoke(setSubChannelState, signedRouteEvent(bank, 'POST', '/v1/partner/channels/{channelId}/state', { ...at(childId, '/state'), body: { state: s } }));
    expect((await state('suspended')).body).toMatchObject({ channel: { state: 'suspended' } });
    expect((await state('sandbox')).body).toMatchObject({ channel: { state: 'sandbox', active: true } });
  });
});
