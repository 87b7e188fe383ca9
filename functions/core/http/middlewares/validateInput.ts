import * as zod from 'zod/mini';
import type * as z from 'zod/v4/core';
import type { FieldError } from '../../problem.js';
import type { Middleware } from '../event.js';
import { httpErrors } from '../errors.js';

export interface InputSchemas {
  body?: z.$ZodType;
  query?: z.$ZodType;
  params?: z.$ZodType;
}

/** The 400 for input that failed `schema`s, each problem naming its field. */
export function invalidRequest(errors: FieldError[]) {
  const fields = [...new Set(errors.map((e) => e.field))].join(', ');
  return httpErrors.problem('invalid_request', { fields }, { errors });
}

function fieldErrors(error: zod.core.$ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || where, message: issue.message }));
}

/** `value` parsed with `schema`, or the 400 that names every bad field (callers outside a route: operator operations). */
export function parseInput<S extends z.$ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = zod.safeParse(schema, value);
  if (!result.success) throw invalidRequest(fieldErrors(result.error, where));
  return result.data;
}

/** Validates body, query and path parameters with zod; each problem names its field. */
export function validateInput(schemas: InputSchemas): Middleware {
  return {
    before: (request) => {
      const { event } = request;
      const errors: FieldError[] = [];
      const parse = (schema: z.$ZodType | undefined, value: unknown, where: string) => {
        if (!schema) return value;
        const result = zod.safeParse(schema, value);
        if (result.success) return result.data;
        errors.push(...fieldErrors(result.error, where));
        return undefined;
      };
      const body = parse(schemas.body, schemas.body ? (event.jsonBody ?? undefined) : undefined, 'body');
      const query = parse(schemas.query, event.queryStringParameters ?? {}, 'query');
      const params = parse(schemas.params, event.pathParameters ?? {}, 'path');
      if (errors.length > 0) throw invalidRequest(errors);
      event.input = { body, query, params };
    },
  };
}
