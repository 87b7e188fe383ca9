import { created, ok, type Reply } from './harness.js';
/** Data the WeChat page tests share: a card, codes, a bill, a relative, a helper. */

/** An ISO instant `ms` from now. */
export const at = (ms: number) => new Date(Date.now() + ms).toISOString();

export const DEMO_CARD = {
  id: 'card-1',
  maskedName: '张*',
  maskedIdNumber: '1101**********002X',
  maskedCardNumber: 'A******78',
  region: '110100',
  regionName: '北京市',
  status: 'normal',
  level: 1,
};

export const CODE = '88123456789012345674';
export const OFFLINE_BATCH = {
  batchId: 'batch-1',
  codes: [1, 2, 3, 4, 5].map((i) => ({ code: `8820000000000000000${i}`, expiresAt: at(600_000) })),
  limits: { businessTypes: ['query', 'payment'], maxPaymentFen: 20000, validForSeconds: 600 },
};
export const SETTLEMENT = {
  id: 'stl-1',
  status: 'awaiting_confirmation',
  institutionOrderId: 'ORD-1',
  split: { total: 12345, pooledFund: 6000, personalAccount: 5000, cash: 1345 },
  institution: { id: 'demo-pharmacy', name: '示范大药房' },
  items: [
    { code: 'X1', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 2500 },
    { code: 'X2', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 7345 },
  ],
  breakdown: {
    classA: 5000, classB: 0, classBSelfPay: 0, classC: 7345, eligible: 5000, deductibleApplied: 0,
    coinsurance: 0, overCap: 0, reimbursementBp: 9000, selfPay: 7345,
  },
  createdAt: at(0),
  confirmBy: at(600_000),
};

export const MEMBER = {
  memberId: 'card-m1',
  relationship: 'parent',
  maskedName: '张*国',
  maskedIdNumber: '3201**********0018',
  cardStatus: 'normal',
  boundAt: '2026-07-01T00:00:00.000Z',
  isPensioner: true,
  accountSharing: { fromMe: false, toMe: false },
};
export const ADULT_ID = '11010519491231002X';
export const LOGIN_ID = 'lr_AbCdEfGhIjKlMnOpQrSt';

export const HELPER = {
  helperId: 'card-h1',
  relationship: 'child',
  maskedName: '李*',
  maskedIdNumber: '1101**********0011',
  boundAt: '2026-07-01T00:00:00.000Z',
  accountSharing: { fromMe: false, toMe: false },
};

/**
 * A WeChat face check `fv-<x>` (verifyId `vid-<x>`) that the server starts and then reports passed,
 * with `attemptsLeft`; `expiresAt` when the page shows how long it may take.
 */
export function passedFaceRoutes(id: `fv-${string}`, attemptsLeft: number, expiresAt?: string): Record<string, Reply> {
  return {
    'POST /v1/face-verifications': created({ id, provider: 'wechat', handoff: { verifyId: `vid-${id.slice(3)}` }, ...(expiresAt ? { expiresAt } : {}) }),
    [`POST /v1/face-verifications/${id}/result`]: ok({ id, status: 'passed', attemptsLeft }),
  };
}
