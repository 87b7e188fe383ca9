/**
 * Checking a card PIN with a lockout: 5 wrong PINs in a row lock the PIN for 24 hours.
 * The failure count is an atomic counter, so concurrent guesses all count.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '../core/clock.js';
import { ddb, tableName } from '../core/table/ddb.js';
import { Locked, Unprocessable } from '../core/problem.js';
import { verifyPin } from '../core/pii/pinHash.js';
import { cardKey, type CardRecord } from './card.store.js';

export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 24 * 3600_000;

export class PinLocked extends Locked {
  override name = 'PinLocked';
  constructor(until: string) {
    super('pin_locked', '密码错误次数过多，已锁定，请24小时后再试或通过人脸核验办理。', { lockedUntil: until });
  }
}

export class WrongPin extends Unprocessable {
  override name = 'WrongPin';
  constructor(attemptsLeft: number) {
    super('wrong_pin', `密码错误，还可尝试${attemptsLeft}次。`, [{ field: 'pin', message: 'wrong PIN' }], {
      attemptsLeft,
    });
  }
}

export async function checkCardPin(card: CardRecord, pin: string): Promise<void> {
  const at = now();
  if (card.pinLockedUntil && card.pinLockedUntil > at.toISOString()) throw new PinLocked(card.pinLockedUntil);
  if (await verifyPin(pin, card.pinHash)) {
    if (card.pinFailures > 0) await setFailures(card.cardId, 0);
    return;
  }
  const out = await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: cardKey(card.cardId),
      UpdateExpression: 'ADD pinFailures :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const failures = (out.Attributes?.pinFailures as number | undefined) ?? MAX_PIN_FAILURES;
  if (failures >= MAX_PIN_FAILURES) {
    const until = new Date(at.getTime() + PIN_LOCK_MS).toISOString();
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: cardKey(card.cardId),
        UpdateExpression: 'SET pinLockedUntil = :until, pinFailures = :zero',
        ExpressionAttributeValues: { ':until': until, ':zero': 0 },
      }),
    );
    throw new PinLocked(until);
  }
  throw new WrongPin(MAX_PIN_FAILURES - failures);
}

async function setFailures(cardId: string, value: number): Promise<void> {
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: cardKey(cardId),
      UpdateExpression: 'SET pinFailures = :v',
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}
