/**
 * The answers as documented: every 2xx JSON answer of an operation whose OpenAPI document
 * (functions/openapi/openapi.json, generated from the route declarations) describes its body
 * must validate against that schema (additionalProperties: false where the declaration's
 * objects are closed), so the SDK's types stay what the API sends.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

interface Operation {
  method: string;
  pattern: RegExp;
  params: number;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const document = JSON.parse(readFileSync(new URL('../../functions/openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { responses?: Operation['responses'] }>>;
};

// Literal paths before templated ones: /v1/bills/pending is not /v1/bills/{id}.
const operations: Operation[] = Object.entries(document.paths)
  .flatMap(([template, item]) =>
    Object.entries(item)
      .filter(([, op]) => op && typeof op === 'object' && op.responses)
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
        responses: op.responses!,
      })),
  )
  .sort((a, b) => a.params - b.params);

// Formats are not checked (the schemas carry patterns for the ones that matter: dates, times).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<object, ValidateFunction>();

/**
 * What is wrong with a 2xx JSON answer as its operation documents it; undefined when it
 * validates, is not JSON, or the operation documents no body.
 */
export function undocumentedAnswer(method: string, pathWithQuery: string, status: number, contentType: string | null, body: unknown): string | undefined {
  if (status < 200 || status > 299 || !contentType?.startsWith('application/json')) return undefined;
  const path = pathWithQuery.split('?')[0]!;
  const op = operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return undefined;
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(body)) return undefined;
  return ajv.errorsText(validate.errors, { dataVar: 'body' });
}

/** Throws when a 2xx JSON answer is outside its operation's documented schema (undocumentedAnswer). */
export function expectDocumentedAnswer(method: string, pathWithQuery: string, status: number, contentType: string | null, body: unknown): void {
  const drift = undocumentedAnswer(method, pathWithQuery, status, contentType, body);
  if (drift) throw new Error(`${method} ${pathWithQuery} answered ${status} outside its documented schema: ${drift}`);
}

/**
 * fetch for the signed clients of the tests (SignedClient, the SDK): each answer is checked as
 * `call()` checks it, and an answer outside its documented schema fails the request.
 */
export const documentedFetch: typeof fetch = async (input, init) => {
  const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
  const url = new URL(input instanceof Request ? input.url : String(input));
  const res = await fetch(input, init);
  const type = res.headers.get('content-type');
  if (res.ok && type?.startsWith('application/json')) {
    const body: unknown = await res.clone().json().catch(() => undefined);
    expectDocumentedAnswer(method, url.pathname, res.status, type, body);
  }
  return res;
};
