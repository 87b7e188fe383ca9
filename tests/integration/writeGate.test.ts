/**
 * A signed terminal request claims its nonce while the call reads (one round trip less),
 * so these tests check what matters: a replayed request — its nonce already claimed — is
 * refused with 401 and writes nothing, not even where the call got as far as writing.
 * The nonce is claimed beforehand the way a first request would have claimed it.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../functions/core/signing/signature.rules.js';
import { getSettlement as getSettlementHandler } from '../../functions/settlement/terminalPreSettleRoutes.js';
import { settle as settleHandler } from '../../functions/settlement/terminalSettleRoutes.js';
import { verifyCode as verifyHandler } from '../../functions/codes/verifyRoutes.js';
import { epochSeconds, now } from '../../functions/core/clock.js';
import { issueCode } from '../../functions/codes/issue.js';
import { confirmSettlement } from '../../functions/settlement/confirm.js';
import { holderAccount } from '../../functions/settlement/accounts.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { getCode } from '../../functions/codes/code.store.js';
import { getIdempotency } from '../../functions/settlement/idempotency.store.js';
import { getInstitution } from '../../functions/institutions/institution.store.js';
import { claimNonce } from '../../functions/core/signing/nonce.store.js';
import { getSettlement } from '../../functions/settlement/settlement.store.js';
import { invoke } from '../unit/support/lambda.js';
import { claimAs, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const PHARMACY = { id: 'demo-pharmacy', secret: 'demo-pharmacy-secret-not-for-production' };

beforeAll(startFace);
afterAll(stopFace);

function signedEvent(method: 'GET' | 'POST', path: string, body: unknown, nonce: string, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const id = path.match(/\/settlements\/([^/?]+)/)?.[1];
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'x-essc-institution': PHARMACY.id,
      'x-essc-timestamp': String(timestamp),
      'x-essc-nonce': nonce,
      'x-essc-signature': sign(PHARMACY.secret, { method, pathWithQuery: path, timestamp, nonce, body: text }),
      ...headers,
    },
    requestContext: { http: { method, path }, requestId: randomBytes(8).toString('hex'), domainName: '127.0.0.1' },
    ...(id ? { pathParameters: { id } } : {}),
    ...(text ? { body: text } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const freshNonce = () => randomBytes(12).toString('base64url');

/** A nonce a first request already used. */
async function usedNonce(): Promise<string> {
  const nonce = freshNonce();
  expect(await claimNonce(PHARMACY.id, nonce, epochSeconds(now()) + 900)).toBe(true);
  return nonce;
}

describe('signed requests: a replay writes nothing', () => {
  it('a replayed code verification leaves the code unused; the same call with a fresh nonce consumes it', async () => {
    const holder = await claimAs(people.claimable(0), PIN);
    const { code } = await issueCode(holder.session);
    const body = { code, businessType: 'query' };

    const replay = await invoke(verifyHandler, signedEvent('POST', '/v1/terminal/code-verifications', body, await usedNonce()));
    expect(replay).toMatchObject({ statusCode: 401, body: { code: 'replayed_nonce' } });
    expect(await getCode(code)).toMatchObject({ status: 'active' });

    const first = await invoke(verifyHandler, signedEvent('POST', '/v1/terminal/code-verifications', body, freshNonce()));
    expect(first).toMatchObject({ statusCode: 200, body: { cardId: holder.cardId } });
    expect(await getCode(code)).toMatchObject({ status: 'used' });
  });

  it('a replayed settle moves no money and leaves no idempotency record; a replayed read answers 401, not the settlement', async () => {
    const holder = await claimAs(people.claimable(1), PIN);
    const pharmacy = (await getInstitution(PHARMACY.id))!;
    const { code } = await issueCode(holder.session);
    const pre = await preSettle(pharmacy, {
      code,
      institutionOrderId: `gate-${randomBytes(6).toString('hex')}`,
      items: [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 1500 }],
    });
    await confirmSettlement(holder.session, pre.id, PIN);
    const before = (await holderAccount(holder.session)).balance;
    const path = `/v1/terminal/settlements/${pre.id}/settle`;
    const key = { 'idempotency-key': `gate-${pre.id}` };

    const replay = await invoke(settleHandler, signedEvent('POST', path, undefined, await usedNonce(), key));
    expect(replay).toMatchObject({ statusCode: 401, body: { code: 'replayed_nonce' } });
    expect(await getSettlement(pre.id)).toMatchObject({ status: 'confirmed' });
    expect((await holderAccount(holder.session)).balance).toBe(before);
    expect(await getIdempotency(PHARMACY.id, key['idempotency-key'])).toBeUndefined();

    const read = await invoke(getSettlementHandler, signedEvent('GET', `/v1/terminal/settlements/${pre.id}`, undefined, await usedNonce()));
    expect(read).toMatchObject({ statusCode: 401, body: { code: 'replayed_nonce' } });
    expect(JSON.stringify(read.body)).not.toContain(pre.id);
    // A replay is a 401 whatever the call would have answered (here a 404).
    const missing = await invoke(getSettlementHandler, signedEvent('GET', '/v1/terminal/settlements/st_missing', undefined, await usedNonce()));
    expect(missing).toMatchObject({ statusCode: 401, body: { code: 'replayed_nonce' } });

    const settled = await invoke(settleHandler, signedEvent('POST', path, undefined, freshNonce(), key));
    expect(settled).toMatchObject({ statusCode: 200, body: { status: 'settled' } });
    expect((await holderAccount(holder.session)).balance).toBe(before - (settled.body as { split: { personalAccount: number } }).split.personalAccount);
  });

  it('a replayed request that fails validation answers 400 and leaves no rejection unhandled', async () => {
    const nonce = await usedNonce();
    const res = await invoke(verifyHandler, signedEvent('POST', '/v1/terminal/code-verifications', { code: '' }, nonce));
    expect(res.statusCode).toBe(400);
    // An unhandled rejection (the gate nobody awaited) fails this test file: give it a turn to surface.
    await new Promise((r) => setTimeout(r, 50));
  });
});
