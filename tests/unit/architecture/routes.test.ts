/**
 * serverless.yml and the route declarations agree: every function names a route module
 * export of the same name whose method and path are the function's HTTP event, every
 * declared route has exactly one function, and the OpenAPI document is generated from them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTITUTION_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '../../../functions/webhooks/index.js';
import { generateOpenApi, generateSdkTypes, OPENAPI_FILE, SDK_TYPES_FILE } from '../../../scripts/openapi.js';
import { loadRoutes, readServerless, type LoadedRoute } from '../../../scripts/lib/routes.js';
import { SIGNED_PATH_PREFIXES } from '../../../functions/web/preflightRoutes.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
let routes: LoadedRoute[];

function routeFiles(dir = join(ROOT, 'functions')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name.endsWith('Routes.ts') ? [join(dir, e.name)] : [],
  );
}

beforeAll(async () => {
  routes = await loadRoutes();
});

describe('serverless.yml and the route declarations', () => {
  it('every HTTP function names a route export of the same name, and its event is that route', () => {
    const sls = readServerless();
    const httpFunctions = Object.values(sls.functions).filter((f) => f.events?.some((e) => e.httpApi));
    expect(routes).toHaveLength(httpFunctions.length);
    for (const r of routes) {
      expect(r.exportName, r.fn.handler).toBe(r.name);
      expect(r.module, r.name).toMatch(/^functions\/[A-Za-z]+\/[a-z][A-Za-z]*Routes$/);
      const events = r.fn.events!.filter((e) => e.httpApi);
      expect(events, r.name).toHaveLength(1);
      expect({ method: events[0]!.httpApi!.method.toUpperCase(), path: events[0]!.httpApi!.path }, r.name).toEqual({
        method: r.route.method,
        path: r.route.path,
      });
    }
  });

  it('every route declared in a *Routes.ts file has exactly one function', async () => {
    const named = new Map(routes.map((r) => [`${r.module}.${r.exportName}`, r]));
    for (const file of routeFiles()) {
      const module = relative(ROOT, file).replace(/\.ts$/, '');
      const exports = (await import(pathToFileURL(file).href)) as Record<string, { route?: unknown }>;
      for (const [name, value] of Object.entries(exports)) {
        if (!value?.route) continue;
        expect(named.has(`${module}.${name}`), `${module}.${name} has no function in serverless.yml`).toBe(true);
      }
    }
    const keys = routes.map((r) => `${r.route.method} ${r.route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('functions/openapi/openapi.json is the document generated from the declarations (npm run openapi)', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await generateOpenApi());
  });

  it("the SDK's types are the ones openapi-typescript generates from that document (npm run openapi)", async () => {
    expect(readFileSync(SDK_TYPES_FILE, 'utf8')).toBe(await generateSdkTypes(readFileSync(OPENAPI_FILE, 'utf8')));
  });

  it('the document declares a webhook for every event type, with the thin body', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, ...INSTITUTION_EVENT_TYPES].sort());
    for (const [type, hook] of Object.entries(doc.webhooks)) {
      const data = hook.post.requestBody.content['application/json']!.schema.properties.data as { properties: Record<string, unknown> };
      // A channel's: the pairwise holderRef; an institution's: its own ids and the pairwise patientRef. Never a name or an ID number.
      if ((INSTITUTION_EVENT_TYPES as readonly string[]).includes(type)) expect(Object.keys(data.properties)).toEqual(expect.arrayContaining(['patientRef', 'institutionOrderId', 'split']));
      else expect(Object.keys(data.properties).sort()).toEqual(['cardStatus', 'holderRef', 'partnerUserId']);
      expect(Object.keys(data.properties).some((k) => /name|idNumber|cardId/i.test(k))).toBe(false);
    }
  });

  it('the document has one operation per route, with its authentication', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, { operationId: string; security?: unknown }>> };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.map((o) => o.operationId).sort()).toEqual(routes.map((r) => r.name).sort());
    for (const r of routes) {
      const op = doc.paths[r.route.path]![r.route.method.toLowerCase()]!;
      expect(op.security === undefined, r.name).toBe(r.route.auth === 'public');
    }
  });

  it('signed routes live under the prefixes the CORS preflight refuses browsers, and nothing else does', () => {
    for (const r of routes) {
      const underSigned = SIGNED_PATH_PREFIXES.some((p) => r.route.path.startsWith(p));
      expect(underSigned, `${r.route.method} ${r.route.path}`).toBe(r.route.auth === 'terminal' || r.route.auth === 'channel');
    }
  });
});
