/**
 * `npm start`: the whole dev stack on the standard ports, seeded with the demo data.
 * Ctrl-C (SIGINT) or SIGTERM stops everything, in reverse order, and exits 0.
 *
 *   DynamoDB Local 8000 · HTTP API 3000 (lambda 3002) · sandbox face 3100 · sandbox payer 3110 · H5 10086
 *   · pharmacy POS 10088 · demo portal 10090 · demo bank 10092 · API reference 10096
 *
 * ESSC_NO_H5=1 skips building and serving the H5 app; ESSC_VERBOSE=1 prints the output
 * of every part (DynamoDB Local, serverless-offline, the H5 build).
 */
import { existsSync, readFileSync } from 'node:fs';
import { PORTS as ALL_PORTS } from './lib/ports.js';
import { startStack, type Stack } from './lib/stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PORTS = ALL_PORTS.start;
const verbose = process.env.ESSC_VERBOSE === '1';
const withH5 = process.env.ESSC_NO_H5 !== '1';

const started = Date.now();
let stack: Stack | undefined;
let stopping = false;
let stoppingSince = 0;

function log(line: string): void {
  // Our own progress lines and the request log of the API are always worth showing.
  if (verbose || line.startsWith('[stack]') || /^\[offline\] (GET|POST|PUT|PATCH|DELETE|OPTIONS) /.test(line)) {
    console.log(line);
  } else if (/error|exception/i.test(line) && !line.startsWith('[dynamodb]')) {
    console.log(line);
  }
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // One Ctrl-C often arrives several times (the terminal signals the whole process group,
    // and npm and tsx forward it too): only a later, deliberate second one forces the exit.
    // The exit hooks still kill the child processes then.
    if (Date.now() - stoppingSince < 1_500) return;
    console.log(`\n${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  stoppingSince = Date.now();
  console.log(`\n${signal}: stopping the stack…`);
  const t = Date.now();
  if (!stack) {
    // Still starting: there is no stack to stop in order yet. Exiting runs the exit hooks,
    // which kill every process started so far (DynamoDB Local, serverless-offline, a build).
    console.log('interrupted while starting: killing what was started');
    process.exit(0);
  }
  try {
    await stack.stop();
    console.log(`stopped in ${Date.now() - t} ms`);
    process.exit(0);
  } catch (err) {
    console.error('stopping failed:', err);
    process.exit(1);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(signal));
}

/**
 * Our chain of parent processes (Linux /proc), nearest first. `npm start` runs us as
 * npm → sh → tsx → this process, and a SIGTERM to npm alone kills npm without reaching
 * us: when the chain changes (a parent died and its child was re-parented), stop too,
 * so the stack never outlives whoever started it.
 */
function parentChain(): string {
  const chain: number[] = [];
  let pid = process.ppid;
  try {
    while (pid > 1 && chain.length < 32) {
      chain.push(pid);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
  } catch {
    // A parent exited while we read: the chain is broken, which the caller sees as a change.
    chain.push(-1);
  }
  return chain.join('>');
}

if (existsSync('/proc/self/stat')) {
  const initial = parentChain();
  setInterval(() => {
    if (!stopping && parentChain() !== initial) void shutdown('parent process exited');
  }, 1_000).unref();
}

try {
  console.log('essc: starting the dev stack…');
  stack = await startStack({ stage: 'dev', ports: PORTS, seed: true, h5: withH5, log });
  const { urls, seeded, timings } = stack;
  const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  console.log(
    [
      '',
      `essc dev stack ready in ${seconds(Date.now() - started)}` +
        ` (DynamoDB Local ${seconds(timings.dynamodb)}, seed ${seconds(timings.seed)},` +
        ` API ${seconds(timings.api)}${timings.h5 !== undefined ? `, H5 ${seconds(timings.h5)}` : ''})`,
      '',
      `  H5 app            ${urls.h5 ?? '(not served: ESSC_NO_H5=1)'}`,
      `  pharmacy POS      ${urls.terminal ?? '-'}   (demo-pharmacy terminal simulator)`,
      `  demo portal       ${urls.portal ?? '-'}   (演示政务服务网: scan-to-login as channel demo-portal)`,
      `  demo bank app     ${urls.bank ?? '-'}   (演示银行: embeds the card as channel demo-bank, shows verified webhooks)`,
      `  API reference     ${urls.docs ?? '-'}   (Redoc; signature check at ${urls.docs ?? '-'}/signature-check)`,
      `  HTTP API          ${urls.api}   (health: ${urls.api}/v1/health, OpenAPI: ${urls.api}/v1/openapi.json)`,
      `  sandbox face      ${urls.face}`,
      `  sandbox payer     ${urls.payment}   (a bill's cash part: the cashier page, and choose an outcome)`,
      `  sandbox push      ${urls.push}   (pushed notifications: ${urls.push}/messages, JSON at /api/messages?openid=)`,
      `  DynamoDB Local    ${urls.dynamodb}   table ${stack.tableName}`,
      '',
      'Demo data' + (seeded ? ` (${seeded.people} people, ${seeded.channels} channels)` : '') + ':',
      '  holder      channel "sandbox" (h5), login code "sandbox:demo-holder", PIN 135790',
      '              card status normal, personal account balance 50000 fen (¥500.00)',
      '  pharmacy    institution "demo-pharmacy", secret "demo-pharmacy-secret-not-for-production"',
      '  portal      channel "demo-portal", secret "demo-portal-secret-not-for-production"',
      '  bank        channel "demo-bank", key "demo-bank-key-1", secret "essc_test_demo-bank-secret-not-for-production" (docs/partners.md)',
      '  people      1,000+ more with valid ID numbers, cards in every status, for claiming',
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
} catch (err) {
  console.error('\nessc: the dev stack did not start:\n', err instanceof Error ? err.message : err);
  // startStack has stopped whatever it had started.
  process.exit(1);
}
