/**
 * The face check sends the holder, with the face token, back to `returnUrl` (issue 9): only to
 * a web origin the channel registered, never to a stranger's page, and a refused start counts
 * nothing and reaches no provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaceVerification } from '../../functions/face/faceVerifications.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { putChannel } from '../../functions/channels/channel.store.js';
import { isRegisteredOrigin } from '../../functions/core/http/webOrigins.store.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { H5_ORIGINS } from '../../scripts/lib/ports.js';
import { newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const OTHER = 'face-return-other';
const H5 = H5_ORIGINS[0]!;

beforeAll(async () => {
  await startFace();
  await putChannel({ id: OTHER, name: '另一渠道', platform: 'h5', login: 'sandbox', faceProvider: 'sandbox', webOrigins: ['https://h5.other-bank.example'], state: 'live' });
});
afterAll(stopFace);

const refused = { status: 400, code: 'return_url_not_allowed', errors: [{ field: 'returnUrl' }] };

describe('face returnUrl', () => {
  it('goes back to the channel’s own registered pages', async () => {
    const person = people.claimable(0);
    const started = await startFaceVerification(newSession(), { purpose: 'claim', ...person, returnUrl: `${H5}/pages/claim/index?step=face` });
    expect(started.handoff.url).toBeDefined();
  });

  it('refuses a stranger’s origin, look-alikes, another channel’s origin and non-http schemes, counting nothing', async () => {
    const person = people.claimable(1);
    const session = newSession();
    for (const returnUrl of [
      'https://evil.example/steal',
      `${H5}.evil.example/x`,
      `${H5.replace('http://', 'https://')}/x`,
      'https://h5.other-bank.example/x',
      `http://user@${H5.slice('http://'.length)}@evil.example/`,
      // WHATWG reads the host before the backslash; RFC 3986 parsers read evil.example.
      `${H5}\\@evil.example/cb`,
      `http://user:pass@${H5.slice('http://'.length)}/x`,
    ]) {
      await expect(startFaceVerification(session, { purpose: 'claim', ...person, returnUrl }), returnUrl).rejects.toMatchObject(refused);
    }
    // Nothing was started: all three attempts of the day are left.
    const started = await startFaceVerification(session, { purpose: 'claim', ...person });
    expect(started.attemptsLeft).toBe(3);
  });

  it('another channel returns to its own origin only', async () => {
    const person = people.claimable(2);
    await expect(startFaceVerification(newSession(OTHER), { purpose: 'claim', ...person, returnUrl: `${H5}/x` })).rejects.toMatchObject(refused);
    await expect(startFaceVerification(newSession(OTHER), { purpose: 'claim', ...person, returnUrl: 'https://h5.other-bank.example/pages/claim/index' })).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('the web origins registry', () => {
  const key = (origin: string, channelId: string) => ({ pk: `ORIGIN#${origin}`, sk: `CHANNEL#${channelId}` });
  const itemAt = async (origin: string, channelId: string) =>
    (await ddb().send(new GetCommand({ TableName: tableName(), Key: key(origin, channelId), ConsistentRead: true }))).Item;

  it('an origin a channel no longer lists is removed; a deactivated channel’s origins are inactive', async () => {
    const id = 'web-origins-it';
    const base = { id, name: '测试渠道', platform: 'h5' as const, login: 'sandbox' as const, faceProvider: 'sandbox' as const };
    await putChannel({ ...base, webOrigins: ['https://old.bank.example', 'https://kept.bank.example'], state: 'live' });
    await putChannel({ ...base, webOrigins: ['https://kept.bank.example', 'https://new.bank.example'], state: 'live' });
    expect(await itemAt('https://old.bank.example', id)).toBeUndefined();
    expect(await itemAt('https://new.bank.example', id)).toMatchObject({ active: true });
    await putChannel({ ...base, webOrigins: ['https://kept.bank.example'], state: 'suspended' });
    expect(await itemAt('https://kept.bank.example', id)).toMatchObject({ active: false });
    // A fresh container (no cache) answers from the items.
    expect(await isRegisteredOrigin('https://kept.bank.example')).toBe(false);
    expect(await isRegisteredOrigin(`https://${'a'.repeat(2100)}.example`)).toBe(false);
  });
});

