/**
 * What each Lambda bundle carries, checked on the bundle esbuild makes of its handler file:
 * only its own route's authentication, and exactly the environment serverless.yml gives it
 * (a secret reaches only the functions whose code reads it).
 */
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as config from '../../../functions/core/config.js';
import plugins from '../../../scripts/lib/bundlePlugins.cjs';
import { esbuildOptionsFor, readServerless, type ServerlessFunction } from '../../../scripts/lib/routes.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const VARIABLES = (Object.values(config) as unknown[]).filter((v): v is config.EnvVar<unknown> => typeof v === 'function' && 'envName' in v);

interface Bundle {
  module: string;
  text: string;
  inputs: string[];
  externals: string[];
  functions: ServerlessFunction[];
}

/** A handler file bundled in memory as serverless-esbuild would (its plugins too), with these externals (and defines). */
function bundle(module: string, mainFields: string[], external: string[], define?: Record<string, string>) {
  return build({
    entryPoints: [join(ROOT, `${module}.ts`)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    mainFields,
    outfile: 'out.mjs',
    external,
    plugins,
    ...(define ? { define } : {}),
    logLevel: 'silent',
  });
}

const bundles = new Map<string, Bundle>();
let providerEnv: string[];

beforeAll(async () => {
  const sls = readServerless();
  providerEnv = Object.keys(sls.provider.environment ?? {});
  for (const fn of Object.values(sls.functions)) {
    const module = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
    const known = bundles.get(module);
    if (known) {
      known.functions.push(fn);
      continue;
    }
    // Bundling the SDK is slow and tells nothing here: its imports stay visible as externals.
    const result = await bundle(module, ['module', 'main'], ['@aws-sdk/*']);
    const meta: Metafile = result.metafile;
    const output = Object.values(meta.outputs)[0]!;
    bundles.set(module, {
      module,
      text: result.outputFiles[0]!.text,
      // Only modules that put code in the bundle (a module tree-shaken away is listed with 0 bytes).
      inputs: Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path),
      externals: output.imports.filter((i) => i.external).map((i) => i.path),
      functions: [fn],
    });
  }
}, 60_000);

const readBy = (b: Bundle) => VARIABLES.filter((v) => b.text.includes(`"${v.envName}"`)).map((v) => v.envName);

describe('Lambda bundles', () => {
  it('every function is given every variable its bundle reads', () => {
    for (const b of bundles.values()) {
      for (const fn of b.functions) {
        const given = new Set([...providerEnv, ...Object.keys(fn.environment ?? {})]);
        for (const name of readBy(b)) expect(given.has(name), `${fn.name} reads ${name}`).toBe(true);
      }
    }
  });

  it('a secret reaches only the functions whose bundle reads it', () => {
    const secrets = new Set(VARIABLES.filter((v) => v.secret).map((v) => v.envName));
    for (const b of bundles.values()) {
      const read = new Set(readBy(b));
      for (const fn of b.functions) {
        for (const name of Object.keys(fn.environment ?? {})) {
          if (secrets.has(name)) expect(read.has(name), `${fn.name} is given ${name} but never reads it`).toBe(true);
        }
      }
    }
  });

  it('health, the API document and the well-known routes carry no KMS, PII, signing or session code and no secret', () => {
    for (const module of ['functions/health/healthRoutes', 'functions/openapi/openapiRoutes', 'functions/scanLogin/wellKnownRoutes']) {
      const b = bundles.get(module)!;
      expect(b.inputs.filter((i) => /functions\/core\/(pii\/crypto|signing\/signedRequest|session\/sessionToken)\.ts$/.test(i)), module).toEqual([]);
      expect(b.externals.filter((e) => e.startsWith('@aws-sdk/')), module).toEqual([]);
      expect(b.functions.flatMap((f) => Object.keys(f.environment ?? {})).filter((n) => n !== 'OIDC_ISSUER' && n !== 'OIDC_PUBLIC_JWKS'), module).toEqual([]);
    }
  });

  it('every function that touches the table may read it, count its limit and append to it, and never change the access log (IAM, which serverless-offline does not check)', () => {
    const base = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
    for (const b of bundles.values()) {
      if (!b.externals.includes('@aws-sdk/lib-dynamodb')) continue;
      for (const fn of b.functions) {
        const statements = (fn.iamRoleStatements as { Effect?: string; Action?: string[]; Condition?: unknown }[] | undefined) ?? [];
        const allowed = statements.filter((st) => st.Effect === 'Allow').flatMap((st) => st.Action ?? []);
        expect(base.filter((a) => !allowed.includes(a)), fn.name).toEqual([]);
        // The access log is append-only for every function that can write the table.
        const deny = statements.find((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition ?? {}).includes('AUDIT#*'));
        expect(deny?.Action?.sort(), fn.name).toEqual(['dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
        // PII keys (and the institution and channel secrets they seal) are KMS data keys on AWS.
        if (readBy(b).includes('PII_KEY_SOURCE')) expect((fn.iamRoleStatements as { Action?: string[] }[]).some((st) => st.Action?.includes('kms:Decrypt')), fn.name).toBe(true);
      }
    }
  });

  it('a holder route carries no request signing, and a signed route no session tokens', () => {
    for (const b of bundles.values()) {
      const holder = b.inputs.some((i) => i.endsWith('core/http/holderRoute.ts'));
      const signed = b.inputs.some((i) => i.endsWith('core/http/signedRoute.ts'));
      expect(holder && signed, `${b.module} carries both holder and signed authentication`).toBe(false);
      if (holder) expect(b.inputs.filter((i) => /core\/signing\/(signedRequest|signature\.rules)\.ts$/.test(i)), b.module).toEqual([]);
      if (signed) expect(b.inputs.filter((i) => i.endsWith('core/session/sessionToken.ts')), b.module).toEqual([]);
    }
  });

  it('the SDK parts serverless.yml leaves out (credential providers after the environment’s, event streams) are only ever loaded lazily (import())', async () => {
    const esbuild = (readServerless().custom as { esbuild: { exclude: string[]; mainFields: string[] } }).esbuild;
    expect(esbuild.exclude.length).toBeGreaterThan(0);
    // The bundles with the most of the SDK: the terminal routes (KMS too) and a holder route.
    for (const module of ['functions/settlement/terminalSettleRoutes', 'functions/cards/cardsRoutes']) {
      const result = await bundle(module, esbuild.mainFields, esbuild.exclude);
      const imports = Object.values(result.metafile.outputs)[0]!.imports.filter((i) => i.external && esbuild.exclude.includes(i.path));
      expect(imports.length, module).toBeGreaterThan(0);
      expect(imports.filter((i) => i.kind !== 'dynamic-import'), module).toEqual([]);
    }
  }, 60_000);
  it('a deployed stage builds without the sandbox adapters, a local stage with them (the env checks above use the local build: it reads the most)', async () => {
    expect(esbuildOptionsFor('prod').define).toEqual({ 'process.env.ESSC_SANDBOX_ADAPTERS': '"left-out"' });
    expect(esbuildOptionsFor('staging').define).toEqual({ 'process.env.ESSC_SANDBOX_ADAPTERS': '"left-out"' });
    for (const stage of ['dev', 'test']) expect(esbuildOptionsFor(stage).define, stage).toEqual({ 'process.env.ESSC_SANDBOX_ADAPTERS': '"included"' });
    const sandbox = (inputs: string[]) => inputs.filter((i) => i.includes('functions/providers/sandbox/'));
    // Unbundled (the tests) and on the local stages the registries reach the sandbox adapters: sessions, face, payments, pushes.
    const withSandbox = [...bundles.values()].filter((b) => sandbox(b.inputs).length > 0).map((b) => b.module);
    for (const module of ['functions/sessions/sessionsRoutes', 'functions/face/faceRoutes', 'functions/bills/holderPayRoutes', 'functions/notifications/workers']) expect(withSandbox, module).toContain(module);
    for (const [stage, kept] of [['dev', true], ['prod', false]] as const) {
      for (const module of withSandbox) {
        const result = await bundle(module, ['module', 'main'], ['@aws-sdk/*'], esbuildOptionsFor(stage).define);
        const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path);
        expect(sandbox(inputs).length > 0, `${stage} ${module}`).toBe(kept);
      }
    }
  }, 60_000);
});
