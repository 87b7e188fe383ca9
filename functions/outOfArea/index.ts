/** Out-of-area care filing as other capabilities see it: the filing that covers a settlement. */
export { coveringFiling } from './filings.js';
