/** The payment sweep on AWS (a schedule, serverless.yml): open payments are asked about, overdue ones closed and released. */
import { logger } from '../core/logger.js';
import { sweepOpenPayments } from './paymentFlow.js';

export const sweepPayments = async (): Promise<void> => {
  const result = await sweepOpenPayments();
  logger.info('payments swept', result);
};
