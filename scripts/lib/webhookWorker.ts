/**
 * The local webhook worker (dev and test): the same relay and delivery code the AWS workers
 * run (functions/webhooks/workers.ts, and the holder notifier functions/notifications/workers.ts), fed by DynamoDB Local's stream of the table instead of
 * a Lambda event source, with an in-process timer queue instead of SQS. The deliveries'
 * state is in the table, so a restarted worker only loses timers: `pending` deliveries due
 * are picked up again by their next queue message (or a manual retry).
 */
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { attemptDelivery } from '../../functions/webhooks/deliver.js';
import { useLocalQueue } from '../../functions/webhooks/queue.js';
import { relayRecords } from '../../functions/webhooks/workers.js';
import { notifyRecords } from '../../functions/notifications/workers.js';

export interface WebhookWorker {
  stop(): Promise<void>;
  /** Resolves when every record so far is relayed and no delivery is due within `withinMs`. */
  idle(withinMs?: number): Promise<void>;
  /** Fires every waiting delivery now (tests, with the clock moved past their retry time). */
  flush(): void;
}

export async function startWebhookWorker(opts: { endpoint: string; tableName: string; pollMs?: number; log?: (line: string) => void }): Promise<WebhookWorker> {
  const config = { endpoint: opts.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const ddb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const log = opts.log ?? (() => undefined);
  // Every poll is work for the one DynamoDB Local the whole stack shares: twice a second is
  // prompt enough for a sandbox partner, and cheap.
  const pollMs = opts.pollMs ?? 500;
  const timers = new Map<NodeJS.Timeout, number>();
  const pendingIds: string[] = [];
  let stopped = false;
  let busy = 0;

  const run = async (deliveryId: string) => {
    busy += 1;
    try {
      const status = await attemptDelivery(deliveryId);
      log(`webhook ${deliveryId}: ${status}`);
    } catch (err) {
      log(`webhook ${deliveryId}: ${(err as Error).message}`);
    } finally {
      busy -= 1;
    }
  };
  useLocalQueue({
    async send(deliveryId, delaySeconds) {
      if (stopped) return;
      pendingIds.push(deliveryId);
      const timer = setTimeout(() => {
        timers.delete(timer);
        const at = pendingIds.indexOf(deliveryId);
        if (at >= 0) pendingIds.splice(at, 1);
        void run(deliveryId);
      }, delaySeconds * 1000);
      timers.set(timer, Date.now() + delaySeconds * 1000);
    },
  });

  const table = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`);
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  let polling: Promise<void> = Promise.resolve();
  // Polls are numbered as they start; an empty one records its number. idle() waits for an
  // empty poll that started after it was called: a poll already under way may have read the
  // shards before the caller's last write reached the stream.
  let pollsStarted = 0;
  let lastEmptyPoll = 0;

  let describedAt = 0;
  const poll = async () => {
    const seq = ++pollsStarted;
    // Shards change rarely (DynamoDB Local rolls them every few hours): look for new ones every 10 s.
    if (Date.now() - describedAt > 10_000 || iterators.size === 0) await discoverShards();
    if (await readShards()) lastEmptyPoll = Math.max(lastEmptyPoll, seq);
  };
  const discoverShards = async () => {
    describedAt = Date.now();
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId) || finished.has(shard.ShardId)) continue;
      // Only changes from now on: a restarted worker does not resend old events.
      const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: shard.SequenceNumberRange?.EndingSequenceNumber ? 'TRIM_HORIZON' : 'LATEST' }));
      if (it.ShardIterator) iterators.set(shard.ShardId, it.ShardIterator);
    }
  };
  const readShards = async () => {
    let any = false;
    for (const [shardId, iterator] of iterators) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (out.NextShardIterator) iterators.set(shardId, out.NextShardIterator);
      else {
        // A closed shard read to its end: never again.
        iterators.delete(shardId);
        finished.add(shardId);
      }
      if (out.Records?.length) {
        any = true;
        busy += 1;
        try {
          // The two stream consumers on AWS (webhooks/workers relayOutbox, notifications/workers notifyFromOutbox), one after the other here.
          await relayRecords(out.Records as never);
          await notifyRecords(out.Records as never);
        } finally {
          busy -= 1;
        }
      }
    }
    return !any;
  };
  const loop = async () => {
    while (!stopped) {
      polling = poll().catch((err) => log(`webhook worker: ${(err as Error).message}`));
      await polling;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
  await poll();
  void loop();

  return {
    async stop() {
      stopped = true;
      for (const t of timers.keys()) clearTimeout(t);
      timers.clear();
      await polling;
      useLocalQueue(undefined);
    },
    flush() {
      for (const [timer] of timers) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      for (const id of pendingIds.splice(0)) void run(id);
    },
    async idle(withinMs = 0) {
      for (;;) {
        const after = pollsStarted;
        while (lastEmptyPoll <= after) await new Promise((r) => setTimeout(r, pollMs));
        const soon = [...timers.values()].some((due) => due - Date.now() <= withinMs);
        if (busy === 0 && !soon) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
