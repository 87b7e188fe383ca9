/** The parts of the terminal API's answers that bills/ shares (settlement/index.ts). */
import * as z from 'zod/mini';

const fen = z.int();

/** A split's parts, fen: total = pooledFund + personalAccount + familyAccount + cash. */
export const splitPartsAnswer = { total: fen, pooledFund: fen, personalAccount: fen, familyAccount: fen, cash: fen };

/** Out-of-area care (异地就医): whether a filing covered it; absent at home. */
export const outOfAreaAnswer = z.object({ filed: z.boolean(), filingId: z.optional(z.string()) });
