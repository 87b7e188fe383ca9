/** The card as the API shows it: masked, with the status in force now. */
import { effectiveStatus } from './cardStatus.rules.js';
import { findRegion } from '../reference/index.js';
import type { CardRecord } from './card.store.js';

export interface CardView {
  id: string;
  maskedName: string;
  maskedIdNumber: string;
  maskedCardNumber: string;
  region: string;
  regionName?: string;
  status: CardRecord['status'];
  level: number;
  claimedAt: string;
  lossReport?: { kind: 'temporary' | 'formal'; reportedAt: string; expiresAt?: string };
}

export function cardView(card: CardRecord, at: Date): CardView {
  const status = effectiveStatus(card, at);
  return {
    id: card.cardId,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    maskedCardNumber: card.maskedCardNumber,
    region: card.regionCode,
    regionName: findRegion(card.regionCode)?.name,
    status,
    level: card.level,
    claimedAt: card.claimedAt,
    ...(status !== 'normal' && status !== 'cancelled' && card.lossReport ? { lossReport: card.lossReport } : {}),
  };
}
