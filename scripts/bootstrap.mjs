#!/usr/bin/env node
// First step of `npm start` and `npm test`: makes a fresh machine ready to run the local
// stack. Plain Node ESM with builtins only, because it runs before node_modules exists.
//
//   node scripts/bootstrap.mjs [--java] [--chromium]
//
// - installs the npm dependencies (`npm ci`) when node_modules is missing or
//   package-lock.json is newer than the install (node_modules/.package-lock.json);
// - fetches the proofs' font when it is missing (scripts/proofFont.mjs);
// - --java: DynamoDB Local needs a Java runtime (17+). Installed with apt on Debian as root,
//   otherwise explains how to install it and exits 1;
// - --chromium: the e2e tests drive Debian's chromium at /usr/bin/chromium. Same approach.
// Prints nothing when there is nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureProofFont } from './proofFont.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const known = new Set(['--java', '--chromium']);
for (const arg of args) {
  if (!known.has(arg)) {
    console.error(`bootstrap: unknown option ${arg} (known: ${[...known].join(', ')})`);
    process.exit(2);
  }
}

const CHROMIUM = '/usr/bin/chromium';

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status === 0;
}

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function ensureNodeModules() {
  const lock = mtimeMs(join(root, 'package-lock.json'));
  const installed = mtimeMs(join(root, 'node_modules', '.package-lock.json'));
  let reason;
  if (!existsSync(join(root, 'node_modules'))) reason = 'node_modules is missing';
  else if (installed === undefined) reason = 'node_modules was not installed by npm';
  else if (lock !== undefined && lock > installed) reason = 'package-lock.json changed since the last install';
  if (!reason) return;
  console.log(`bootstrap: ${reason}; running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!run(npm, ['ci'])) {
    console.error('bootstrap: npm ci failed');
    process.exit(1);
  }
}

function javaWorks() {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function chromiumWorks() {
  if (!existsSync(CHROMIUM)) return false;
  const result = spawnSync(CHROMIUM, ['--version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function canApt() {
  return (
    process.platform === 'linux' &&
    existsSync('/etc/debian_version') &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

let aptUpdated = false;
function aptInstall(pkg) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    console.log('bootstrap: apt-get update');
    if (!run('apt-get', ['update'], { env })) return false;
    aptUpdated = true;
  }
  console.log(`bootstrap: apt-get install -y ${pkg}`);
  return run('apt-get', ['install', '-y', pkg], { env });
}

function ensure({ what, works, aptPackage, manual }) {
  if (works()) return;
  if (canApt()) {
    console.log(`bootstrap: ${what} is missing; installing it with apt (${aptPackage})`);
    if (aptInstall(aptPackage) && works()) return;
    console.error(`bootstrap: installing ${aptPackage} with apt failed.`);
  } else {
    console.error(`bootstrap: ${what} is missing and cannot be installed automatically here.`);
  }
  console.error(manual);
  process.exit(1);
}

ensureNodeModules();
ensureProofFont();

if (args.has('--java')) {
  ensure({
    what: 'Java (needed by DynamoDB Local)',
    works: javaWorks,
    aptPackage: 'default-jre-headless',
    manual: [
      'Install a Java 17 (or newer) runtime so that `java -version` works, then retry:',
      '  Debian/Ubuntu: sudo apt-get install -y default-jre-headless',
      '  macOS:         brew install openjdk@17   (and put it on PATH)',
      '  other:         https://adoptium.net/ (Temurin 17)',
    ].join('\n'),
  });
}

if (args.has('--chromium')) {
  ensure({
    what: `Chromium (${CHROMIUM}, needed by the e2e tests)`,
    works: chromiumWorks,
    aptPackage: 'chromium',
    manual: [
      `The e2e tests drive Chromium at ${CHROMIUM}. Install it, then retry:`,
      '  Debian/Ubuntu: sudo apt-get install -y chromium',
      `  elsewhere:     install Chromium and make it available at ${CHROMIUM}`,
    ].join('\n'),
  });
  // Without a CJK font every Chinese character of the app renders as a box in screenshots.
  ensure({
    what: 'a Chinese font for Chromium',
    works: () => spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim().length > 0,
    aptPackage: 'fonts-wqy-zenhei',
    manual: 'Install a CJK font (Debian: sudo apt-get install -y fonts-wqy-zenhei), then retry.',
  });
}
