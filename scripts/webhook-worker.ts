/**
 * The local webhook worker as its own process (started by `npm start` and the test stacks,
 * scripts/lib/stack.ts): the stage's environment comes in through process.env, as it does for
 * serverless-offline's Lambdas. Stops on SIGTERM/SIGINT.
 */
import { startWebhookWorker } from './lib/webhookWorker.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (!endpoint || !tableName) {
  console.error('webhook worker: DYNAMODB_ENDPOINT and TABLE_NAME are required');
  process.exit(2);
}
const worker = await startWebhookWorker({ endpoint, tableName, log: (line) => console.log(line) });
console.log(`webhook worker: reading the stream of ${tableName}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
