/**
 * The whole local stack, in start order: DynamoDB Local → tables from serverless.yml →
 * demo data → the sandbox face provider, payer and push recorder → serverless-offline (the
 * Lambdas behind the HTTP API) → the H5 build of the mini-program behind a static server →
 * the pharmacy POS simulator (optional) → the demo portal 演示政务服务网 (optional). stop()
 * tears it down in reverse order and waits for every process (and its children) to be gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { killWithThisProcess, startDynamoDbLocal, LOCAL_CLIENT_CONFIG } from './dynamodbLocal.js';
import { startStaticServer } from './staticServer.js';
import { createTablesFromServerlessYml, loadServerlessYml, stageEnvironment, REPO_ROOT } from './tables.js';
import { startTerminalSimulator } from '../terminal/server.js';
import { DEMO_PHARMACY } from '../terminal/defaults.js';
import { startDemoPortal } from '../portal/server.js';
import { DEMO_PORTAL } from '../portal/defaults.js';
import { startDemoBank } from '../bank/server.js';
import { startDevPortal } from '../devportal/server.js';

export type Stage = 'dev' | 'test';

export interface StackPorts {
  dynamodb: number;
  api: number;
  lambda: number;
  face: number;
  /** The sandbox payer (a bill's cash part). */
  payment: number;
  /** The sandbox push recorder (holder notifications pushed through the platforms). */
  push: number;
  h5?: number;
  /** The pharmacy POS simulator; started when set. */
  terminal?: number;
  /**
   * The demo portal (scan-to-login); started when set. essc calls back only to registered
   * redirect URIs: the seeded `demo-portal` registers http://127.0.0.1:{10090,10091,10094}/callback.
   */
  portal?: number;
  /** The demo bank app 演示银行 (a channel partner embedding the H5 card); started when set and the H5 app is served. */
  bank?: number;
  /** The partner sandbox's pages: the API reference (Redoc) and the signature check; started when set. */
  docs?: number;
}

export interface StackOptions {
  stage: Stage;
  ports: StackPorts;
  seed: boolean;
  h5: boolean;
  log?: (line: string) => void;
  /** The repository (serverless.yml, functions/, miniapp/). Defaults to this checkout. */
  root?: string;
  /** Host every server binds to and every URL names. Default 127.0.0.1. */
  host?: string;
}

export interface StackUrls {
  dynamodb: string;
  api: string;
  face: string;
  payment: string;
  push: string;
  h5?: string;
  terminal?: string;
  portal?: string;
  bank?: string;
  docs?: string;
}

export interface Stack {
  stage: Stage;
  tableName: string;
  urls: StackUrls;
  /** The environment the Lambdas run with (provider.environment for the stage, resolved). */
  env: Record<string, string>;
  seeded?: { people: number; channels: number };
  /** Milliseconds per step and in total, from the call to startStack. */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

/** What scripts/seed/index.ts exports (loaded at run time: it may not be built yet). */
type SeedModule = {
  seedDemoData(opts: { endpoint: string; tableName: string; stage: string; peopleCount?: number }): Promise<{
    people: number;
    channels: number;
  }>;
};
/** What scripts/sandbox/face/server.ts exports. */
type SandboxFaceModule = {
  startSandboxFaceServer(opts: { port: number; host: string }): Promise<{
    url?: string;
    close?: () => Promise<void> | void;
    stop?: () => Promise<void> | void;
  }>;
};

const SEED_MODULE = 'scripts/seed/index.ts';
const FACE_MODULE = 'scripts/sandbox/face/server.ts';
const PAYMENT_MODULE = 'scripts/sandbox/payment/server.ts';
const PUSH_MODULE = 'scripts/sandbox/push/server.ts';
const OFFLINE_READY_TIMEOUT_MS = 180_000;

async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} (${what}) is already in use`) : err),
    );
    server.listen({ port, exclusive: true }, () => server.close(() => resolve()));
  });
}

async function importModule<T>(root: string, relative: string, what: string): Promise<T> {
  const file = join(root, relative);
  if (!existsSync(file)) throw new Error(`${what}: ${relative} does not exist yet`);
  return (await import(pathToFileURL(file).href)) as T;
}

// ---- child processes as process groups --------------------------------------------------

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole group: esbuild, workers, ...
  } catch {
    /* gone already */
  }
}

/** Starts a command in its own process group, its output going to log line by line. */
function spawnGroup(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; log: (line: string) => void; prefix: string },
): { child: ChildProcess; exited: Promise<void>; output: string[] } {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  killWithThisProcess(child);
  const output: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const raw of chunk.toString('utf8').split(/\r?\n/)) {
      // Strip terminal colours from the CLI's output.
      const line = raw.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      opts.log(`${opts.prefix} ${line}`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      output.push(String(err));
      resolve();
    });
  });
  return { child, exited, output };
}

/** SIGTERM to the group, SIGKILL after graceMs; resolves when the process is gone. */
async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs = 5_000): Promise<void> {
  if (alive(child) && child.pid !== undefined) {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // The group may hold grandchildren that outlived their parent (an esbuild service).
  killGroup(child, 'SIGKILL');
  child.stdout?.destroy();
  child.stderr?.destroy();
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: string[],
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  let last = 'no answer';
  for (;;) {
    if (!alive(child)) {
      throw new Error(`serverless-offline exited (${child.exitCode ?? child.signalCode}):\n${output.slice(-40).join('\n')}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last}):\n${output.slice(-40).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- the H5 build ------------------------------------------------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(dir, path));
    if (stat.isFile()) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/** True when miniapp/dist/h5/index.html is missing or older than anything the build reads. */
export function h5BuildIsStale(root: string): boolean {
  const index = join(root, 'miniapp', 'dist', 'h5', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  // The app's sources, its config, and the server's rules files it imports (miniapp/config/index.ts).
  const inputs = [join(root, 'miniapp', 'src'), join(root, 'miniapp', 'config'), join(root, 'functions', 'holder')].filter((p) => existsSync(p));
  return inputs.some((dir) => newestMtime(dir) > built);
}

async function buildH5(root: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (!existsSync(join(root, 'miniapp', 'src'))) throw new Error('H5: miniapp/src does not exist yet');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnGroup(npm, ['run', 'build:h5', '-w', 'miniapp'], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', BROWSERSLIST_IGNORE_OLD_DATA: '1' },
    log,
    prefix: '[h5 build]',
  });
  await build.exited;
  if (build.child.exitCode !== 0 || !existsSync(join(root, 'miniapp', 'dist', 'h5', 'index.html'))) {
    throw new Error(
      `H5 build failed (npm run build:h5 -w miniapp, exit ${build.child.exitCode ?? build.child.signalCode}):\n` +
        build.output.slice(-40).join('\n'),
    );
  }
}

/**
 * The environment of serverless-offline and its Lambdas: dummy credentials, so the local
 * stack never signs anything with a developer's real AWS credentials or profile.
 */
function offlineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: LOCAL_CLIENT_CONFIG.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CLIENT_CONFIG.credentials.secretAccessKey,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    FORCE_COLOR: '0',
    ...extra,
  };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  return env;
}

/** Runs fn with the variables set in process.env, then restores the previous values. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const previous = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of previous) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

// ---- the stack ---------------------------------------------------------------------------

export async function startStack(opts: StackOptions): Promise<Stack> {
  const root = opts.root ?? REPO_ROOT;
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number): void => {
    timings[name] = Date.now() - since;
  };
  /** Undo actions, run in reverse order by stop(). */
  const undo: Array<{ name: string; run: () => Promise<void> }> = [];
  /** Starts the POS simulator or the demo portal when its port is set (stopped with the stack); its URL. */
  const startOptional = async (
    part: 'terminal' | 'portal' | 'bank' | 'docs',
    name: string,
    start: (port: number) => Promise<{ url: string; close(): Promise<void> }>,
  ): Promise<string | undefined> => {
    const port = opts.ports[part];
    if (port === undefined) return undefined;
    const since = Date.now();
    const server = await start(port);
    undo.push({ name, run: server.close });
    mark(part, since);
    return server.url;
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const step of undo.reverse()) {
        try {
          await step.run();
          log(`[stack] stopped ${step.name}`);
        } catch (err) {
          errors.push(err);
          log(`[stack] stopping ${step.name} failed: ${(err as Error).message}`);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, 'stack: some parts did not stop cleanly');
    })());

  if (opts.h5 && opts.ports.h5 === undefined) throw new Error('startStack: h5 needs ports.h5');
  const checks: Array<[number, string]> = [
    [opts.ports.dynamodb, 'DynamoDB Local'],
    [opts.ports.api, 'HTTP API'],
    [opts.ports.lambda, 'serverless-offline lambda port'],
    [opts.ports.face, 'sandbox face provider'],
    [opts.ports.payment, 'sandbox payer'],
    [opts.ports.push, 'sandbox push recorder'],
  ];
  if (opts.h5) checks.push([opts.ports.h5!, 'H5 static server']);
  if (opts.ports.terminal !== undefined) checks.push([opts.ports.terminal, 'POS simulator']);
  if (opts.ports.portal !== undefined) checks.push([opts.ports.portal, 'demo portal']);
  if (opts.ports.bank !== undefined && opts.h5) checks.push([opts.ports.bank, 'demo bank app']);
  if (opts.ports.docs !== undefined) checks.push([opts.ports.docs, 'API reference']);
  const seen = new Set<number>();
  for (const [port, what] of checks) {
    if (seen.has(port)) throw new Error(`startStack: port ${port} is given twice`);
    seen.add(port);
    await assertPortFree(port, what);
  }

  try {
    // 1. DynamoDB Local
    let t = Date.now();
    const ddb = await startDynamoDbLocal({ port: opts.ports.dynamodb, log: (l) => log(`[dynamodb] ${l}`) });
    undo.push({ name: 'DynamoDB Local', run: ddb.stop });
    mark('dynamodb', t);
    log(`[stack] DynamoDB Local ready at ${ddb.endpoint} in ${timings.dynamodb} ms`);

    // 2. Tables from serverless.yml
    t = Date.now();
    const faceUrl = `http://${host}:${opts.ports.face}`;
    const paymentUrl = `http://${host}:${opts.ports.payment}`;
    const pushUrl = `http://${host}:${opts.ports.push}`;
    const apiUrl = `http://${host}:${opts.ports.api}`;
    // The Lambdas' environment for this stage, from serverless.yml, pointed at our ports.
    const config = loadServerlessYml(join(root, 'serverless.yml'));
    const stageEnv = stageEnvironment(config, {
      stage: opts.stage,
      env: { ...process.env, DYNAMODB_ENDPOINT: ddb.endpoint, SANDBOX_FACE_URL: faceUrl, SANDBOX_PAYMENT_URL: paymentUrl, SANDBOX_PUSH_URL: pushUrl, API_PUBLIC_URL: apiUrl, OIDC_ISSUER: apiUrl },
    });
    stageEnv.DYNAMODB_ENDPOINT = ddb.endpoint;
    stageEnv.SANDBOX_FACE_URL = faceUrl;
    stageEnv.SANDBOX_PAYMENT_URL = paymentUrl;
    stageEnv.SANDBOX_PUSH_URL = pushUrl;
    stageEnv.API_PUBLIC_URL = apiUrl;
    stageEnv.OIDC_ISSUER = apiUrl;
    const tables = await createTablesFromServerlessYml({
      endpoint: ddb.endpoint,
      stage: opts.stage,
      serverlessYmlPath: join(root, 'serverless.yml'),
    });
    const tableName = stageEnv.TABLE_NAME;
    if (!tableName || !Object.values(tables.tables).includes(tableName)) {
      throw new Error(`serverless.yml: TABLE_NAME (${tableName}) is not one of its tables`);
    }
    mark('tables', t);

    // 3. Demo data. The seed runs in this process and reads its settings (PII keys) from
    // process.env like the Lambdas do: the stage's environment is set while it runs, then
    // put back, so that two stacks in one process (vitest projects) do not mix settings.
    let seeded: Stack['seeded'];
    if (opts.seed) {
      t = Date.now();
      const seedModule = await importModule<SeedModule>(root, SEED_MODULE, 'seed');
      const { NODE_OPTIONS: _nodeOptions, ...seedEnv } = stageEnv;
      seeded = await withEnv(seedEnv, () =>
        seedModule.seedDemoData({ endpoint: ddb.endpoint, tableName, stage: opts.stage }),
      );
      mark('seed', t);
      log(`[stack] seeded ${seeded.people} people and ${seeded.channels} channels in ${timings.seed} ms`);
    }

    // 4. Sandbox face provider
    t = Date.now();
    const faceModule = await importModule<SandboxFaceModule>(root, FACE_MODULE, 'sandbox face provider');
    const face = await faceModule.startSandboxFaceServer({ port: opts.ports.face, host });
    undo.push({
      name: 'sandbox face provider',
      run: async () => {
        if (face.close) await face.close();
        else if (face.stop) await face.stop();
      },
    });
    mark('face', t);

    // 4b. Sandbox payer
    t = Date.now();
    const paymentModule = await importModule<{ startSandboxPaymentServer(o: { port: number; host: string }): Promise<{ url: string; close(): Promise<void> }> }>(root, PAYMENT_MODULE, 'sandbox payer');
    const payer = await paymentModule.startSandboxPaymentServer({ port: opts.ports.payment, host });
    undo.push({ name: 'sandbox payer', run: () => payer.close() });
    mark('payment', t);

    // 4c. Sandbox push recorder
    t = Date.now();
    const pushModule = await importModule<{ startSandboxPushServer(o: { port: number; host: string }): Promise<{ url: string; close(): Promise<void> }> }>(root, PUSH_MODULE, 'sandbox push recorder');
    const pushRecorder = await pushModule.startSandboxPushServer({ port: opts.ports.push, host });
    undo.push({ name: 'sandbox push recorder', run: () => pushRecorder.close() });
    mark('push', t);

    // 5. serverless-offline
    t = Date.now();
    const osls = join(root, 'node_modules', '.bin', 'osls');
    if (!existsSync(osls)) throw new Error(`${osls} is missing: run node scripts/bootstrap.mjs`);
    const offline = spawnGroup(
      osls,
      ['offline', 'start', '--stage', opts.stage, '--httpPort', String(opts.ports.api), '--lambdaPort', String(opts.ports.lambda)],
      {
        cwd: root,
        // Each stack bundles into its own folder, so `npm start` and a test run don't collide.
        env: offlineEnv({ DYNAMODB_ENDPOINT: ddb.endpoint, SANDBOX_FACE_URL: faceUrl, SANDBOX_PAYMENT_URL: paymentUrl, SANDBOX_PUSH_URL: pushUrl, API_PUBLIC_URL: apiUrl, OIDC_ISSUER: apiUrl, ESSC_ESBUILD_DIR: `.esbuild-${opts.ports.api}` }),
        log,
        prefix: '[offline]',
      },
    );
    undo.push({ name: 'serverless-offline', run: () => stopGroup(offline.child, offline.exited) });
    await waitForHealth(`${apiUrl}/v1/health`, offline.child, offline.output, OFFLINE_READY_TIMEOUT_MS);
    mark('api', t);
    log(`[stack] HTTP API ready at ${apiUrl} in ${timings.api} ms`);

    // 5b. the local webhook worker: the table's stream to the partners' endpoints (functions/webhooks)
    t = Date.now();
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const { NODE_OPTIONS: _workerNodeOptions, ...workerEnv } = stageEnv;
    const webhookWorker = spawnGroup(tsx, [join(root, 'scripts', 'webhook-worker.ts')], {
      cwd: root,
      env: offlineEnv({ ...workerEnv, TABLE_NAME: tableName }),
      log,
      prefix: '[webhooks]',
    });
    undo.push({ name: 'webhook worker', run: () => stopGroup(webhookWorker.child, webhookWorker.exited) });
    // It reads the stream from its start on: wait for it, so no change of the stack's first moments is missed.
    for (let waited = 0; !webhookWorker.output.some((l) => l.includes('reading the stream')); waited += 100) {
      if (waited > 30_000 || webhookWorker.child.exitCode !== null) throw new Error(`the webhook worker did not start:\n${webhookWorker.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    mark('webhooks', t);

    // 6. H5
    let h5Url: string | undefined;
    if (opts.h5) {
      t = Date.now();
      if (h5BuildIsStale(root)) {
        log('[stack] building the H5 app (miniapp/dist/h5 is missing or older than miniapp/src)');
        await buildH5(root, process.env, log);
        mark('h5Build', t);
      }
      const server = await startStaticServer({
        root: join(root, 'miniapp', 'dist', 'h5'),
        host,
        port: opts.ports.h5!,
        apiUrl,
        log,
      });
      undo.push({ name: 'H5 static server', run: server.stop });
      h5Url = server.url;
      mark('h5', t);
    }

    // 7. the pharmacy POS simulator, signing with the demo pharmacy's credentials
    const terminalUrl = await startOptional('terminal', 'POS simulator', (port) =>
      startTerminalSimulator({ host, port, apiUrl, institutionId: DEMO_PHARMACY.id, secret: DEMO_PHARMACY.secret, log }),
    );

    // 8. the demo portal, signing as the seeded portal channel
    const portalUrl = await startOptional('portal', 'demo portal', (port) =>
      startDemoPortal({ host, port, apiUrl, channelId: DEMO_PORTAL.id, secret: DEMO_PORTAL.secret, log }),
    );

    // 9. the demo bank app, a channel partner built on the SDK (it embeds the H5 app)
    const bankUrl = h5Url
      ? await startOptional('bank', 'demo bank app', (port) => startDemoBank({ host, port, apiUrl, h5Url: h5Url!, faceUrl, log }))
      : undefined;

    // 10. the partner sandbox's pages: the API reference and the signature check
    const docsUrl = await startOptional('docs', 'API reference', (port) => startDevPortal({ host, port, apiUrl, log }));

    timings.total = Date.now() - t0;
    return {
      stage: opts.stage,
      tableName,
      urls: {
        dynamodb: ddb.endpoint,
        api: apiUrl,
        face: faceUrl,
        payment: paymentUrl,
        push: pushUrl,
        ...(h5Url ? { h5: h5Url } : {}),
        ...(terminalUrl ? { terminal: terminalUrl } : {}),
        ...(portalUrl ? { portal: portalUrl } : {}),
        ...(bankUrl ? { bank: bankUrl } : {}),
        ...(docsUrl ? { docs: docsUrl } : {}),
      },
      env: stageEnv,
      ...(seeded ? { seeded } : {}),
      timings,
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/**
 * A log for a stack started by the tests: every line goes to the file (truncated first),
 * the lines `echo` selects (default: the stack's own progress) also to stderr.
 */
export function stackLogFile(
  path: string,
  echo: (line: string) => boolean = (line) => line.startsWith('[stack]'),
): { path: string; write: (line: string) => void } {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  return {
    path,
    write: (line: string) => {
      appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
      if (echo(line)) process.stderr.write(`${line}\n`);
    },
  };
}
