/**
 * The queue of deliveries to attempt: SQS on AWS (WEBHOOK_QUEUE_URL; its dead-letter queue
 * catches messages the deliverer keeps failing on), and locally the worker `npm start` runs
 * (scripts/lib/webhookWorker.ts), which sets itself as the queue. SQS delays are at most 15
 * minutes; a later attempt is re-queued in hops until it is due (webhooks/deliver.ts).
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { webhookQueueUrl } from '../core/config.js';

export interface DeliveryQueue {
  send(deliveryId: string, delaySeconds: number): Promise<void>;
}

export const MAX_QUEUE_DELAY_S = 900;

let sqs: SQSClient | undefined;
const sqsQueue: DeliveryQueue = {
  async send(deliveryId, delaySeconds) {
    sqs ??= new SQSClient({});
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: webhookQueueUrl(),
        MessageBody: JSON.stringify({ deliveryId }),
        DelaySeconds: Math.max(0, Math.min(MAX_QUEUE_DELAY_S, Math.round(delaySeconds))),
      }),
    );
  },
};

let local: DeliveryQueue | undefined;

/** The local worker's queue, in place of SQS (dev and test). */
export function useLocalQueue(queue: DeliveryQueue | undefined): void {
  local = queue;
}

export function deliveryQueue(): DeliveryQueue {
  if (local) return local;
  if (!webhookQueueUrl()) throw new Error('WEBHOOK_QUEUE_URL is not set and no local webhook worker runs');
  return sqsQueue;
}
