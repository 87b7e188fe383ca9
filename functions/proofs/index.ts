/** Proofs (参保证明 / 缴费证明): nothing else uses this capability yet; its routes are its whole surface. */
export { proofErrors } from './errors.js';
