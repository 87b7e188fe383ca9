import { logger } from '../../logger.js';
import { internalError, ProblemError } from '../../problem.js';
import type { Middleware } from '../event.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Turns any error into an RFC 9457 response; only ProblemErrors say what went wrong. */
export function problemResponses(): Middleware {
  return {
    onError: (request) => {
      const err = request.error;
      let problem: ProblemError;
      if (err instanceof ProblemError) {
        problem = err;
        if (problem.status >= 500) logger.error('request failed', { code: problem.code, error: errorSummary(err) });
        else logger.info('request refused', { status: problem.status, code: problem.code });
      } else {
        logger.error('unhandled error', { error: errorSummary(err) });
        problem = internalError();
      }
      request.response = {
        statusCode: problem.status,
        headers: { ...problem.headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
        body: JSON.stringify(problem.toBody()),
      };
    },
  };
}

/** Error name, message and stack; never the request, which may hold personal information. */
function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { errorName: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
