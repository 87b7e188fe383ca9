/**
 * Atoms of the API's documented answers (core/http/route.ts `response`): kept apart from
 * core/schemas.ts, which every request-validating bundle carries, so only the routes that
 * declare an answer carry these.
 */
import * as z from 'zod/mini';

/** An instant as the API answers it: ISO 8601 with an offset (toISOString's Z). */
export const isoTime = z.string().check(z.iso.datetime({ offset: true }));
