/**
 * Codes die with a loss report for good (issue 9): a code shown before the report (a lost
 * phone's screen, an offline batch) never works again, whether the report is lifted or not;
 * codes issued after the lift work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftLoss, reportLoss } from '../../functions/cards/lossReport.js';
import { issueCode, issueOfflineBatch } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { ddb } from '../../functions/core/table/ddb.js';
import { claimAs, faceCheck, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const PHARMACY = 'demo-pharmacy';

beforeAll(startFace);
afterAll(stopFace);

const claimed = async (i: number): Promise<Session> => (await claimAs(people.claimable(i), PIN)).session;

async function reportAndLift(session: Session) {
  await reportLoss(session, 'temporary', PIN);
  const face = await faceCheck(session, 'unlock', 'pass');
  await liftLoss(session, PIN, face.id);
}

describe('codes and loss reports', () => {
  it('an online code from before a lifted report stays dead; a new one works', async () => {
    const session = await claimed(0);
    const before = await issueCode(session);
    await reportAndLift(session);
    await expect(verifyCode(PHARMACY, before.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
    const after = await issueCode(session);
    await expect(verifyCode(PHARMACY, after.code, 'query')).resolves.toMatchObject({ status: 'normal' });
  });

  it('an offline batch from before a lifted report stays dead; a batch issued after works', async () => {
    const session = await claimed(1);
    const batch = await issueOfflineBatch(session);
    await reportAndLift(session);
    for (const { code } of batch.codes.slice(0, 2)) {
      await expect(verifyCode(PHARMACY, code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
    }
    const fresh = await issueOfflineBatch(session);
    await expect(verifyCode(PHARMACY, fresh.codes[0]!.code, 'query')).resolves.toMatchObject({ codeKind: 'offline' });
  });

  it('while the report stands, the old code is refused as a lost card', async () => {
    const session = await claimed(2);
    const before = await issueCode(session);
    await reportLoss(session, 'temporary', PIN);
    await expect(verifyCode(PHARMACY, before.code, 'query')).rejects.toMatchObject({ code: 'card_lost' });
  });

  it('a report landing between a code issue’s read of the card and its write: the issue is refused, no code of the old epoch exists', async () => {
    const session = await claimed(3);
    // Just before the issue's transaction goes out, the holder reports the loss (on another container).
    let raced = false;
    ddb().middlewareStack.add(
      (next, context) => async (args) => {
        if (!raced && context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes('currentCode')) {
          raced = true;
          await reportLoss(session, 'temporary', PIN);
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceLossReport' },
    );
    try {
      await expect(issueCode(session)).rejects.toMatchObject({ code: 'card_lost' });
    } finally {
      ddb().middlewareStack.remove('raceLossReport');
    }
    expect(raced).toBe(true);
    const face = await faceCheck(session, 'unlock', 'pass');
    await liftLoss(session, PIN, face.id);
    const after = await issueCode(session);
    await expect(verifyCode(PHARMACY, after.code, 'query')).resolves.toMatchObject({ status: 'normal' });
  });
});

