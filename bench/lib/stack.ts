/**
 * The bench's own stack: DynamoDB Local on a free port, the table of serverless.yml for
 * stage `bench`, the demo seed, the sandbox face server, and holders who claimed their
 * card through the real services. Import this only after bench/run.ts has set the
 * environment (the logger and the PII cipher read it on import / first use).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../scripts/lib/dynamodbLocal.js';
import { createTablesFromServerlessYml } from '../../scripts/lib/tables.js';
import { startSandboxFaceServer, type SandboxFaceServer } from '../../scripts/sandbox/face/server.js';
import { seedDemoData, seedPeople } from '../../scripts/seed/index.js';
import { findClaimablePerson } from '../../scripts/seed/people.js';
import { claimCard } from '../../functions/cards/claim.js';
import { fetchFaceResult, startFaceVerification } from '../../functions/face/faceVerifications.js';
import { issueSessionToken, type Session } from '../../functions/core/session/sessionToken.js';
import { getBindingOfUser } from '../../functions/holder/binding.store.js';
import { getCard, type CardRecord } from '../../functions/holder/card.store.js';
import { accountKey } from '../../functions/settlement/account.store.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { pool } from './load.js';

export const PIN = '258013';
/** Balance given to every bench holder, so each settle debits the personal account. */
export const BENCH_BALANCE_FEN = 100_000_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Stack {
  ddb: DynamoDbLocal;
  face: SandboxFaceServer;
  seeded: { people: number };
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (127.0.0.1, in memory), creates the table, seeds, starts the face server. */
export async function startStack(stage: string, peopleCount: number): Promise<Stack> {
  const port = await freePort();
  const local = await startDynamoDbLocal({ port });
  let face: SandboxFaceServer | undefined;
  const stop = async () => {
    await face?.close().catch(() => undefined);
    await local.stop();
  };
  try {
    process.env.DYNAMODB_ENDPOINT = local.endpoint;
    const { tables } = await createTablesFromServerlessYml({ endpoint: local.endpoint, stage });
    if (!Object.values(tables).includes(tableName())) {
      throw new Error(`TABLE_NAME ${tableName()} is not a table of serverless.yml for stage ${stage}`);
    }
    // seedDemoData refuses any stage but dev and test: it seeds the bench table as 'test'.
    const seeded = await seedDemoData({ endpoint: local.endpoint, tableName: tableName(), stage: 'test', peopleCount });
    face = await startSandboxFaceServer({ port: 0, host: '127.0.0.1' });
    process.env.SANDBOX_FACE_URL = face.url;
    return { ddb: local, face, seeded, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface Holder {
  index: number;
  session: Session;
  token: string;
  card: CardRecord;
}

async function passFace(face: SandboxFaceServer, handoffUrl: string): Promise<void> {
  const token = new URL(handoffUrl).pathname.match(/\/face\/([^/]+)/)?.[1];
  if (!token) throw new Error(`no face token in ${handoffUrl}`);
  const res = await fetch(`${face.url}/api/verifications/${token}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'pass' }),
  });
  if (!res.ok) throw new Error(`sandbox face outcome: ${res.status}`);
}

/**
 * Claims cards for `count` seeded people as the integration tests do (face check with the
 * sandbox face server, then claimCard with a PIN), issues each a session token, and gives
 * each account a large balance.
 */
export async function claimHolders(face: SandboxFaceServer, count: number, peopleCount: number): Promise<Holder[]> {
  const people = seedPeople(peopleCount);
  const run = randomBytes(3).toString('hex');
  return pool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const person = findClaimablePerson(people, i);
      const session: Session = { channelId: 'sandbox', platform: 'h5', openid: `bench-${run}-${i}` };
      const started = await startFaceVerification(session, { purpose: 'claim', name: person.name, idNumber: person.idNumber });
      await passFace(face, started.handoff.url!);
      const result = await fetchFaceResult(session, started.id);
      if (result.status !== 'passed') throw new Error(`face check of holder ${i}: ${result.status}`);
      await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: started.id, pin: PIN, consent: true });
      const binding = await getBindingOfUser(session.channelId, session.openid);
      const card = binding && (await getCard(binding.cardId));
      if (!card) throw new Error(`holder ${i}: no card after the claim`);
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: accountKey(card.idHash),
          UpdateExpression: 'SET balance = :b',
          ExpressionAttributeValues: { ':b': BENCH_BALANCE_FEN },
        }),
      );
      const { token } = await issueSessionToken(session);
      return { index: i, session, token, card };
    },
  );
}
