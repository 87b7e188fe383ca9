/**
 * The e2e project: the whole stack for stage `test` with the H5 app (DynamoDB Local 8021,
 * HTTP API 3020, lambda 3022, sandbox face 3102, H5 10087, POS 10089, demo portal 10091), seeded. The H5 page gets the
 * API's URL injected (window.__ESSC_API_URL__). Each test file launches Chromium itself
 * (tests/e2e/browser.ts). Every part's output goes to tmp/stack-e2e.log.
 */
import { join } from 'node:path';
import { PORTS } from '../../scripts/lib/ports.js';
import type { TestProject } from 'vitest/node';
import { stackLogFile, startStack } from '../../scripts/lib/stack.js';
import { REPO_ROOT } from '../../scripts/lib/tables.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = stackLogFile(join(REPO_ROOT, 'tmp', 'stack-e2e.log'));
  const stack = await startStack({
    stage: 'test',
    ports: PORTS.e2e,
    seed: true,
    h5: true,
    log: log.write,
  });
  const { NODE_OPTIONS: _nodeOptions, ...env } = stack.env;
  project.config.env = { ...project.config.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  project.provide('ddb', { endpoint: stack.urls.dynamodb, tableName: stack.tableName });
  project.provide('apiUrl', stack.urls.api);
  project.provide('faceUrl', stack.urls.face);
  project.provide('h5Url', stack.urls.h5!);
  project.provide('terminalUrl', stack.urls.terminal!);
  project.provide('portalUrl', stack.urls.portal!);
  log.write(`[stack] e2e: test stack ready in ${(stack.timings.total! / 1000).toFixed(1)} s (log: ${log.path})`);
  return () => stack.stop();
}
