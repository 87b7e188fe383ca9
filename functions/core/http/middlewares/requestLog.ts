import { logger } from '../../logger.js';
import type { Middleware } from '../event.js';

/** Adds the request id and route to every log line, and logs the answer's status. */
export function requestLog(): Middleware {
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      logger.resetKeys();
      logger.appendKeys({
        requestId,
        route: request.event.routeKey ?? `${request.event.requestContext?.http?.method} ${request.event.rawPath}`,
      });
    },
    after: (request) => {
      logger.info('request done', { status: request.response?.statusCode });
    },
  };
}
