/**
 * Builds a platform of the mini-program once, when miniapp/dist/<platform> is missing or
 * older than anything the build reads. Tests then read the built output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export type Platform = 'weapp' | 'alipay' | 'h5';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MINIAPP = join(REPO_ROOT, 'miniapp');

export function distDir(platform: Platform): string {
  return join(MINIAPP, 'dist', platform);
}

/** The file a finished build writes last-ish: its mtime is the build's time. */
function marker(platform: Platform): string {
  return join(distDir(platform), platform === 'h5' ? 'index.html' : 'app.json');
}

/** Every file under `dir`, as absolute paths. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => join(dir, path))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** Paths relative to `dir`, with forward slashes. */
export function relativeFiles(dir: string): string[] {
  return listFiles(dir).map((f) => relative(dir, f).split(sep).join('/'));
}

/** All the JavaScript of a build, joined. */
export function bundleJs(dist: string): string {
  return relativeFiles(dist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dist, f), 'utf8'))
    .join('\n');
}

/**
 * The platform module's branches in a build's JS: the markers of this platform's branch
 * are all in, those of the other platforms' are all out.
 */
export function expectOnlyBranch(js: string, branch: { kept: string[]; dropped: string[] }): void {
  for (const marker of branch.kept) expect(js, `keeps ${marker}`).toContain(marker);
  for (const marker of branch.dropped) expect(js, `drops ${marker}`).not.toContain(marker);
}

export function totalSize(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}

function newestSourceMtime(): number {
  const inputs = [
    join(MINIAPP, 'src'),
    join(MINIAPP, 'config'),
    join(MINIAPP, 'babel.config.js'),
    join(MINIAPP, 'package.json'),
    join(MINIAPP, 'project.config.json'),
    join(MINIAPP, 'project.alipay.json'),
    // The server's rules files the app imports (miniapp/config/index.ts SHARED_RULES).
    join(MINIAPP, '..', 'functions', 'holder'),
  ].filter((p) => existsSync(p));
  let newest = 0;
  for (const input of inputs) {
    const files = statSync(input).isDirectory() ? listFiles(input) : [input];
    for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  }
  return newest;
}

export function isStale(platform: Platform): boolean {
  const m = marker(platform);
  if (!existsSync(m)) return true;
  return newestSourceMtime() > statSync(m).mtimeMs;
}

/**
 * Builds `platform` unless a build newer than the sources exists. Returns the dist dir.
 * Test files run in parallel workers and several read the same build: each checks under
 * the platform's lock, so one builds while the others wait, then find the build fresh
 * (and none reads a build half written).
 */
export function ensureBuilt(platform: Platform): string {
  withBuildLock(platform, () => {
    if (isStale(platform)) build(platform);
  });
  return distDir(platform);
}

function build(platform: Platform): void {
  const taro = join(REPO_ROOT, 'node_modules', '@tarojs', 'cli', 'bin', 'taro');
  try {
    execFileSync(process.execPath, [taro, 'build', '--type', platform], {
      cwd: MINIAPP,
      env: { ...process.env, NODE_ENV: 'production', BROWSERSLIST_IGNORE_OLD_DATA: '1' },
      stdio: 'pipe',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    const output = `${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`.split('\n').slice(-60).join('\n');
    throw new Error(`taro build --type ${platform} failed: ${e.message}\n${output}`);
  }
  if (!existsSync(marker(platform))) throw new Error(`taro build --type ${platform} produced no ${marker(platform)}`);
}

/** Blocks this worker for `ms` (beforeAll hooks here are synchronous). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` holding miniapp/dist/.build-<platform>.lock (a directory: mkdir is atomic). */
function withBuildLock(platform: Platform, fn: () => void): void {
  mkdirSync(join(MINIAPP, 'dist'), { recursive: true });
  const lock = join(MINIAPP, 'dist', `.build-${platform}.lock`);
  const giveUpAt = Date.now() + BUILD_TIMEOUT;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
    // A lock older than any build can take was left by a run that died.
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > BUILD_TIMEOUT) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for another test file's ${platform} build (${lock})`);
    sleep(500);
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Time for a build in beforeAll. */
export const BUILD_TIMEOUT = 300_000;

/**
 * The pages every build must contain: miniapp/src/app.config.ts's list, in its order (the
 * first is the home page), read from the file (it calls Taro's build-time defineAppConfig).
 */
export const PAGES: string[] = (() => {
  const config = readFileSync(join(MINIAPP, 'src', 'app.config.ts'), 'utf8');
  const list = /\bpages:\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '';
  const pages = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  if (pages.length === 0) throw new Error('no pages: [...] in miniapp/src/app.config.ts');
  return pages;
})();

/** WeChat's and Alipay's limit on the main package. */
export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

/**
 * Logs a build's measured sizes and keeps them in miniapp/dist/size-<platform>.json
 * (next to the build, ignored by git) for the record.
 */
export function recordSize(platform: Platform, sizes: Record<string, number | string>): void {
  const record = { platform, measuredAt: new Date().toISOString(), ...sizes };
  console.info(`[miniapp] ${platform} sizes: ${JSON.stringify(sizes)}`);
  mkdirSync(join(MINIAPP, 'dist'), { recursive: true });
  writeFileSync(join(MINIAPP, 'dist', `size-${platform}.json`), `${JSON.stringify(record, null, 2)}\n`);
}
