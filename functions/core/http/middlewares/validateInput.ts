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
        for (const issue of result.error.issues) {
          const path = issue.path.map(String).join('.');
          errors.push({ field: path || where, message: issue.message });
        }
        return undefined;
      };
      const body = parse(schemas.body, schemas.body ? (event.jsonBody ?? undefined) : undefined, 'body');
      const query = parse(schemas.query, event.queryStringParameters ?? {}, 'query');
      const params = parse(schemas.params, event.pathParameters ?? {}, 'path');
      if (errors.length > 0) {
        const fields = [...new Set(errors.map((e) => e.field))].join(', ');
        throw httpErrors.problem('invalid_request', { fields }, { errors });
      }
      event.input = { body, query, params };
    },
  };
}
