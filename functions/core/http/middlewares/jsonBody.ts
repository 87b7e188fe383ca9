import type { Middleware } from '../event.js';
import { httpErrors } from '../errors.js';

export const MAX_BODY_BYTES = 16 * 1024;

/** Parses a JSON body: size-limited, content-type checked, problem+json on failure. */
export function jsonBody(): Middleware {
  return {
    before: (request) => {
      const { event } = request;
      const raw: unknown = event.body;
      if (raw === undefined || raw === null || raw === '') return;
      // API Gateway always sends a string; serverless-offline hands primitives over parsed.
      const text =
        typeof raw !== 'string' ? JSON.stringify(raw) : event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
        throw httpErrors.problem('body_too_large', { limit: MAX_BODY_BYTES }, {
          errors: [{ field: 'body', message: `at most ${MAX_BODY_BYTES} bytes` }],
        });
      }
      // application/json only, with parameters (charset) allowed: no *+json types, and a body
      // without a content type is refused rather than guessed at.
      const contentType = event.headers?.['content-type'] ?? '';
      if (!/^application\/json\s*(;|$)/i.test(contentType)) {
        throw httpErrors.problem('unsupported_media_type', { errors: [{ field: 'content-type', message: 'must be application/json' }] });
      }
      try {
        event.jsonBody = JSON.parse(text);
      } catch (cause) {
        throw httpErrors.problem('invalid_json', { errors: [{ field: 'body', message: 'not valid JSON' }], cause });
      }
    },
  };
}
