/** Terminal request nonces: each may be used once within its window; TTL cleans them up. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailed } from '../table/ddb.js';
import { newItem } from '../table/item.js';

export const nonceKey = (institutionId: string, nonce: string) => ({ pk: `NONCE#${institutionId}#${nonce}`, sk: 'NONCE' });

/** Records the nonce; false when it was seen before (a replay). */
export async function claimNonce(institutionId: string, nonce: string, ttl: number): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand(newItem(nonceKey(institutionId, nonce), 'nonce', {}, { ttl })),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
