/** Bills pushed to holders, as other parts see them: the sweep the local worker runs. */
export { sweepOpenPayments } from './paymentFlow.js';
