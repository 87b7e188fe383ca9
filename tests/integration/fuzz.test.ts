/**
 * Property-based fuzzing of every operation (issue 9): fast-check generates bodies, path
 * parameters, queries and headers from the OpenAPI document (valid by the schema, nearly
 * valid, and garbage), each route's Lambda handler answers a real HTTP API event against
 * DynamoDB Local, authenticated as a real holder, institution or portal (and sometimes not),
 * and every answer must be a success or a 4xx problem+json: never a 5xx, never a bare error.
 * Bounded: FUZZ_RUNS cases per operation (default 40; about 10 s for all).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadRoutes, type LoadedRoute } from '../../scripts/lib/routes.js';
import { OPENAPI_FILE } from '../../scripts/openapi.js';
import { signatureHeaders } from '../support/signedHeaders.js';
import { signedPathWithQuery } from '../../functions/core/signing/signature.rules.js';
import { issueSessionToken } from '../../functions/core/session/sessionToken.js';
import { H5_ORIGINS } from '../../scripts/lib/ports.js';
import { lambdaContext, routeEvent } from '../unit/support/lambda.js';
import { claimAs, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

/** Values the schema accepts (mostly): what a conforming client could send. */
function valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => valid(v, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, schema.maxLength ?? 2000));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200), unit: 'grapheme' });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: 4 });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1)]));
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Anything at all: wrong types, nulls, deep objects, odd strings. */
const anything = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant(null));

/** A value for the schema, or a near miss, or garbage. */
const fuzzed = (schema: JsonSchema | undefined) =>
  fc.oneof(
    { weight: 5, arbitrary: valid(schema) },
    { weight: 2, arbitrary: valid(schema).chain((v) => mutate(v)) },
    { weight: 1, arbitrary: anything },
  );

/** An object with a member dropped, retyped or added. */
function mutate(v: unknown): fc.Arbitrary<unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return anything;
  const keys = Object.keys(v);
  return fc.oneof(
    keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))) : fc.constant(v),
    keys.length ? fc.tuple(fc.constantFrom(...keys), anything).map(([k, x]) => ({ ...v, [k]: x })) : fc.constant(v),
    fc.tuple(fc.string({ maxLength: 12 }), anything).map(([k, x]) => ({ ...v, [k]: x })),
  );
}

const paramText = (schema: JsonSchema | undefined) =>
  fc.oneof(
    { weight: 4, arbitrary: valid(schema).map(String) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', 'st_' + 'x'.repeat(500), '0', '-1', '{id}', '%00', ' ') },
  );

interface Case {
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };
  contentType: string | undefined;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  auth: 'valid' | 'none' | 'bad';
  idempotencyKey: string | undefined;
  origin: string | undefined;
}

function caseOf(op: Operation, route: LoadedRoute): fc.Arbitrary<Case> {
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content['application/json'].schema;
  const params = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, paramText(p.schema)])));
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, paramText(p.schema)])), { requiredKeys: [] });
  const body = fc.oneof(
    { weight: 6, arbitrary: fuzzed(bodySchema).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ kind: 'raw' as const, text })) },
    { weight: bodySchema ? 1 : 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({
    body,
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/merge-patch+json', 'application/json; charset=utf-8') }),
    params,
    query,
    auth: route.route.auth === 'public' ? fc.constant('none' as const) : fc.oneof({ weight: 8, arbitrary: fc.constant('valid' as const) }, { weight: 1, arbitrary: fc.constantFrom('none' as const, 'bad' as const) }),
    idempotencyKey: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'short', 'bad key with spaces') }),
    origin: fc.constantFrom(undefined, H5_ORIGINS[0], 'https://evil.example'),
  });
}

/** Several holders, so that the holder rate limit (240/min per user) leaves most cases to reach the use cases. */
const holderTokens: string[] = [];
let cardlessToken = '';
const PHARMACY = { header: 'x-essc-institution' as const, id: 'demo-pharmacy', secret: 'demo-pharmacy-secret-not-for-production' };
const PORTAL = { header: 'x-essc-channel' as const, id: 'demo-portal', secret: 'demo-portal-secret-not-for-production' };

function eventOf(route: LoadedRoute, c: Case, holderAuth: string) {
  const path = route.route.path.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => encodeURIComponent(c.params[name] ?? 'x'));
  const query = Object.fromEntries(Object.entries(c.query).filter((e): e is [string, string] => e[1] !== undefined));
  const rawQueryString = new URLSearchParams(query).toString();
  const text = c.body.kind === 'json' ? JSON.stringify(c.body.value) ?? '' : c.body.kind === 'raw' ? c.body.text : '';
  const headers: Record<string, string> = {};
  if (c.body.kind !== 'none' && c.contentType) headers['content-type'] = c.contentType;
  if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
  if (c.origin) headers.origin = c.origin;
  const method = route.route.method;
  if (route.route.auth === 'holder' && c.auth !== 'none') headers.authorization = c.auth === 'valid' ? `Bearer ${holderAuth}` : 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA';
  if ((route.route.auth === 'terminal' || route.route.auth === 'channel') && c.auth !== 'none') {
    const signer = route.route.auth === 'terminal' ? PHARMACY : PORTAL;
    Object.assign(
      headers,
      signatureHeaders(c.auth === 'valid' ? signer : { ...signer, secret: 'wrong' }, {
        method,
        pathWithQuery: signedPathWithQuery(path, rawQueryString),
        timestamp: Math.floor(Date.now() / 1000),
        body: Buffer.from(text, 'utf8'),
      }),
    );
  }
  return routeEvent(method, route.route.path, {
    rawPath: path,
    query,
    ...(Object.keys(c.params).length ? { pathParameters: c.params } : {}),
    headers,
    ...(c.body.kind !== 'none' ? { body: text } : {}),
  });
}

let routes: LoadedRoute[];
let doc: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  await startFace();
  routes = await loadRoutes();
  doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  for (let i = 0; i < 8; i++) {
    const holder = await claimAs(people.claimable(i), '258013');
    holderTokens.push((await issueSessionToken(holder.session)).token);
  }
  cardlessToken = (await issueSessionToken(newSession())).token;
}, 60_000);

describe('every operation, fuzzed from the OpenAPI document', () => {
  it('answers a success or a 4xx problem+json, never a 5xx', async () => {
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    let cases = 0;
    for (const route of routes) {
      const op = doc.paths[route.route.path]![route.route.method.toLowerCase()]!;
      await fc.assert(
        fc.asyncProperty(caseOf(op, route), fc.boolean(), async (c, withCard) => {
          cases++;
          const event = eventOf(route, c, withCard ? holderTokens[cases % holderTokens.length]! : cardlessToken);
          let res: APIGatewayProxyStructuredResultV2;
          try {
            res = (await route.handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
          } catch (err) {
            failures.push(`${route.route.method} ${route.route.path} threw ${(err as Error)?.message}: ${JSON.stringify(c).slice(0, 300)}`);
            return false;
          }
          const status = res.statusCode ?? 0;
          const code = status >= 400 ? String((JSON.parse(String(res.body || '{}')) as { code?: string }).code) : String(status);
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
          const where = `${route.route.method} ${route.route.path} → ${status}: ${JSON.stringify(c).slice(0, 300)}`;
          if (status >= 500 || status < 200) {
            failures.push(`${where} ${String(res.body).slice(0, 200)}`);
            return false;
          }
          if (status >= 400) {
            const body = JSON.parse(String(res.body)) as Record<string, unknown>;
            const ok = res.headers?.['content-type'] === 'application/problem+json' && typeof body.code === 'string' && body.status === status && typeof body.detail === 'string';
            if (!ok) failures.push(`${where} not problem+json: ${String(res.body).slice(0, 200)}`);
            return ok;
          }
          return true;
        }),
        { numRuns: RUNS, endOnFailure: true },
      ).catch(() => undefined);
    }
    // What the cases reached, successes and refusals by code (tmp/fuzz-outcomes.json, for docs/perf.md).
    mkdirSync(new URL('../../tmp/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../tmp/fuzz-outcomes.json', import.meta.url), JSON.stringify({ cases, operations: routes.length, outcomes: Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])) }, null, 1));
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(routes.length * RUNS);
  }, 600_000);
});

afterAll(stopFace);
