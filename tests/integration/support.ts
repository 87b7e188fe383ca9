/**
 * Helpers for integration tests: they run the services against DynamoDB Local (started
 * by globalSetup, which also seeds the demo data) and a real sandbox face server.
 */
import { afterAll, beforeAll } from 'vitest';
import { startSandboxFaceServer, type SandboxFaceServer } from '../../scripts/sandbox/face/server.js';
import { getInstitution, type InstitutionRecord } from '../../functions/institutions/index.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { DEFAULT_PEOPLE, seedPeople } from '../../scripts/seed/index.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { claimCard } from '../../functions/cards/claim.js';
import { startFaceVerification, fetchFaceResult } from '../../functions/face/faceVerifications.js';
import type { FacePurpose } from '../../functions/face/faceVerification.store.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { signingKeyItem } from '../../functions/core/signing/signingKey.store.js';

let face: SandboxFaceServer | undefined;

export async function startFace(): Promise<SandboxFaceServer> {
  face = await startSandboxFaceServer({ port: 0, host: '127.0.0.1' });
  process.env.SANDBOX_FACE_URL = face.url;
  return face;
}

export async function stopFace(): Promise<void> {
  await face?.close();
}

/**
 * For a test file that settles at the demo pharmacy: the sandbox face server started before its
 * tests and stopped after, and the pharmacy (as the seed wrote it) read once they start.
 */
export function faceAndPharmacy(): { readonly pharmacy: InstitutionRecord } {
  const ctx = {} as { pharmacy: InstitutionRecord };
  beforeAll(async () => {
    await startFace();
    ctx.pharmacy = (await getInstitution('demo-pharmacy'))!;
  });
  afterAll(stopFace);
  return ctx;
}

const people = seedPeople(Number(process.env.SEED_PEOPLE ?? DEFAULT_PEOPLE));

export function personWithCardStatus(status: 'lost' | 'cancelled', i = 0): SeedPerson {
  const found = people.filter((p) => p.cardStatus === status);
  if (!found[i]) throw new Error(`no seeded person with card ${status}`);
  return found[i];
}

let userSeq = 0;
export function newSession(channelId = 'sandbox'): Session {
  userSeq += 1;
  return { channelId, platform: 'h5', openid: `it-${process.pid}-${Date.now().toString(36)}-${userSeq}` };
}

function tokenOf(url: string): string {
  const m = new URL(url).pathname.match(/\/face\/([^/]+)/);
  if (!m?.[1]) throw new Error(`no face token in ${url}`);
  return m[1];
}

export async function chooseOutcome(handoffUrl: string, outcome: 'pass' | 'fail'): Promise<void> {
  const res = await fetch(`${face!.url}/api/verifications/${tokenOf(handoffUrl)}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  if (!res.ok) throw new Error(`sandbox outcome failed: ${res.status}`);
}

/** Starts a verification, lets the sandbox decide it, and asks the server for the result. */
export async function faceCheck(
  session: Session,
  purpose: FacePurpose,
  outcome: 'pass' | 'fail',
  subject?: { name: string; idNumber: string } | { subjectCardId: string },
) {
  const started = await startFaceVerification(session, { purpose, ...subject });
  await chooseOutcome(started.handoff.url!, outcome);
  const result = await fetchFaceResult(session, started.id);
  return { id: started.id, started, result };
}

export interface ClaimedHolder {
  session: Session;
  person: SeedPerson;
  cardId: string;
}

/** A new channel user (or `session`'s) claims `person`'s card (face check passed at the sandbox) with `pin`. */
export async function claimAs(person: SeedPerson, pin: string, session: Session = newSession()): Promise<ClaimedHolder> {
  const face = await faceCheck(session, 'claim', 'pass', person);
  const card = await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin, consent: true });
  return { session, person, cardId: card.id };
}

/** Gives a signer (a channel's or an institution's item key) an HMAC key with this secret, as an operator would. */
export async function registerHmacKey(owner: { pk: string; sk: string }, secret: string, keyId = `${owner.pk.split('#')[1]}-key-1`): Promise<void> {
  const item = signingKeyItem(owner.pk, { keyId, algorithm: 'HMAC-SHA256', createdAt: new Date().toISOString(), secretEnc: (await pii()).encrypt('secret', secret) });
  await ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
}
