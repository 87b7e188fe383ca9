/**
 * What request signing costs the server per call, in CPU, apart from DynamoDB: verifying one
 * signed request's signature with an HMAC-SHA256 key and with an SM2-SM3 key (the canonical
 * string of a typical partner call), and signing a webhook body with one and with two secrets
 * (a rotation). The DynamoDB part of a signed call (one Query for the signer and its keys, the
 * nonce PutItem) is measured with the handlers in bench/run.ts.
 *
 * Usage: npx tsx bench/signing.ts   Prints Markdown; writes bench/results/signing.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { canonicalString, hmacMatches, sign } from '../functions/core/signing/signature.rules.js';
import { newSm2KeyPair, signSm2, verifySm2 } from '../functions/core/signing/sm2.js';

const parts = {
  method: 'POST',
  pathWithQuery: '/v1/partner/launch-tickets',
  timestamp: 1764590400,
  nonce: 'bm9uY2Utbm9uY2UtMTIzNA',
  body: JSON.stringify({ partnerUserId: 'user-0001', returnUrl: 'https://h5.bank.example/card' }),
};

/** Median µs per call of `fn`, over `rounds` rounds of `n` calls after a warm-up. */
function perCall(fn: () => void, n: number, rounds = 7): number {
  for (let i = 0; i < n; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const secret = 'essc_test_bench-secret-bench-secret-bench-secret';
const hmacSig = sign(secret, parts);
const pair = newSm2KeyPair();
const canonical = canonicalString(parts);
const sm2Sig = signSm2(pair.privateKey, canonical);
const payload = JSON.stringify({ type: 'card.claimed', timestamp: '2026-12-02T00:00:00.000Z', data: { holderRef: 'hr_abcdefghijklmnopqrstuvwxyz', partnerUserId: 'user-0001', cardStatus: 'normal' } });
const hooks = [new Webhook(`whsec_${Buffer.from('a'.repeat(24)).toString('base64')}`), new Webhook(`whsec_${Buffer.from('b'.repeat(24)).toString('base64')}`)];
const at = new Date();

const rows = {
  hmacVerify: perCall(() => {
    if (!hmacMatches(secret, parts, hmacSig)) throw new Error('hmac');
  }, 5000),
  sm2Verify: perCall(() => {
    if (!verifySm2(pair.publicKey, canonical, sm2Sig)) throw new Error('sm2');
  }, 100),
  webhookSignOne: perCall(() => void hooks[0]!.sign('msg_1', at, payload), 5000),
  webhookSignTwo: perCall(() => void hooks.map((h) => h.sign('msg_1', at, payload)).join(' '), 5000),
};

const out = { node: process.version, at: new Date().toISOString(), microsecondsPerCall: rows };
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'signing.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`Node ${process.version}, median of 7 rounds, µs of CPU per call\n`);
console.log('| operation | µs per call |\n|---|---|');
for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${v.toFixed(1)} |`);
