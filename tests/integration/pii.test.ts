import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { claimCard } from '../../functions/cards/claim.js';
import { myCard } from '../../functions/cards/myCard.js';
import { seedPeople } from '../../scripts/seed/index.js';
import { faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const reserved = peopleFor(import.meta.url);

describe('personal information', () => {
  const logged: string[] = [];
  beforeAll(async () => {
    await startFace();
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return write(chunk as string, ...(rest as []));
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await stopFace();
  });

  it('no table item and no log line holds a seeded ID number or name in plain text', async () => {
    // Exercise the flows that touch personal information, so their log lines are captured.
    const person = reserved.claimable(0);
    const session = newSession();
    const failed = await faceCheck(session, 'claim', 'fail', person);
    expect(failed.result.status).toBe('failed');
    const face = await faceCheck(session, 'claim', 'pass', person);
    await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: '258013', consent: true });
    await myCard(session);
    expect(logged.length).toBeGreaterThan(0);

    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const people = seedPeople();
    expect(items.length).toBeGreaterThan(people.length);
    const dump = JSON.stringify(items);
    const logs = logged.join('\n');
    const leaks = people.filter(
      (p) => dump.includes(p.idNumber) || logs.includes(p.idNumber) || logs.includes(p.name) || dump.includes(`"${p.name}"`),
    );
    expect(leaks.map((p) => p.idNumber.slice(0, 6))).toEqual([]);
    // Names are short; check they don't appear as whole values anywhere in the items either.
    const names = new Set(people.map((p) => p.name));
    const plainNames = items.flatMap((i) => Object.values(i)).filter((v) => typeof v === 'string' && names.has(v));
    expect(plainNames).toEqual([]);
  });
});
