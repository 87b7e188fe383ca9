/**
 * The local webhook worker as its own process (started by `npm start` and the test stacks,
 * scripts/lib/stack.ts): the stage's environment comes in through process.env, as it does for
 * serverless-offline's Lambdas. It also sweeps open bill payments and due reminders. Stops on SIGTERM/SIGINT.
 */
import { startWebhookWorker } from './lib/webhookWorker.js';
import { sweepOpenPayments } from '../functions/bills/index.js';
import { sweepReminders } from '../functions/notifications/reminderWorker.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (!endpoint || !tableName) {
  console.error('webhook worker: DYNAMODB_ENDPOINT and TABLE_NAME are required');
  process.exit(2);
}
const worker = await startWebhookWorker({ endpoint, tableName, log: (line) => console.log(line) });
console.log(`webhook worker: reading the stream of ${tableName}`);
// The payment sweep (on AWS a schedule): open cash payments asked about, overdue ones released.
// Every few seconds here, so a sandbox payment completes without a provider notification too.
let sweeping = false;
const sweep = setInterval(() => {
  if (sweeping) return;
  sweeping = true;
  sweepOpenPayments()
    .then((r) => r.resolved && console.log(`payments: ${r.resolved} of ${r.checked} open payments resolved`))
    .catch((err: Error) => console.log(`payments sweep: ${err.message}`))
    // The reminder sweep (on AWS every 5 minutes): due reminders become holder notifications.
    .then(() => sweepReminders())
    .then((told) => told && console.log(`reminders: ${told} sent`))
    .catch((err: Error) => console.log(`reminders sweep: ${err.message}`))
    .finally(() => (sweeping = false));
}, 3000);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    clearInterval(sweep);
    void worker.stop().then(() => process.exit(0));
  });
}
