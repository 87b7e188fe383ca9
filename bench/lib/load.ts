/**
 * The closed-loop load generator and the statistics: W workers, each running its own
 * list of tasks one after the other, so exactly W requests are in flight. A task is
 * prepared (event built and signed) outside the timed part, then timed from the call to
 * its answer.
 */
import { performance } from 'node:perf_hooks';

/** Prepares a request (untimed) and returns the call to time. */
export type Task = () => () => Promise<void>;

export interface BlockResult {
  latencies: number[];
  wallMs: number;
  errors: number;
  firstError?: string;
}

/** Runs one list of tasks per worker, all workers at once. */
export async function runBlock(perWorker: Task[][]): Promise<BlockResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    perWorker.map(async (tasks) => {
      for (const task of tasks) {
        const call = task();
        const t0 = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started, errors, ...(firstError ? { firstError } : {}) };
}

/** Several blocks of one variant, merged: throughput is requests over the time spent in them. */
export class Series {
  latencies: number[] = [];
  wallMs = 0;
  errors = 0;
  firstError?: string;
  add(r: BlockResult): void {
    this.latencies.push(...r.latencies);
    this.wallMs += r.wallMs;
    this.errors += r.errors;
    this.firstError ??= r.firstError;
  }
  stats(): Stats {
    return statsOf(this.latencies, this.wallMs, this.errors);
  }
}

export interface Stats {
  n: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Successful requests per second of wall time. */
  throughput: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function statsOf(latencies: number[], wallMs: number, errors = 0): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    errors,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
    throughput: wallMs > 0 ? (sorted.length / wallMs) * 1000 : NaN,
  };
}

/** Runs `fn` over `items` with at most `concurrency` at once (setup work, untimed). */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}
