/**
 * The environment of a Lambda of stage `bench`, with fresh random keys: set before any
 * functions/ module loads (the logger reads its level on import). DYNAMODB_ENDPOINT and
 * SANDBOX_FACE_URL follow once the servers are up (bench/lib/stack.ts).
 */
import { randomBytes } from 'node:crypto';

export const STAGE = 'bench';

Object.assign(process.env, {
  STAGE,
  TABLE_NAME: `essc-${STAGE}`,
  PII_KEY_SOURCE: 'local',
  PII_LOCAL_KEY: randomBytes(32).toString('hex'),
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  CURSOR_SECRET: randomBytes(32).toString('base64url'),
  CHANNEL_SECRETS: '{}',
  POWERTOOLS_SERVICE_NAME: 'essc',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
