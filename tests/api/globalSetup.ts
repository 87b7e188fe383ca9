/**
 * The api project: the whole stack for stage `test` (DynamoDB Local 8011, HTTP API 3010,
 * lambda 3012, sandbox face 3101, demo portal 10092), seeded, without the H5 app. Tests
 * get apiUrl, faceUrl, portalUrl and ddb through inject(), and the stage's environment
 * (serverless.yml, pointed at this stack) in process.env. Every part's output goes to
 * tmp/stack-api.log.
 */
import { join } from 'node:path';
import { PORTS } from '../../scripts/lib/ports.js';
import type { TestProject } from 'vitest/node';
import { stackLogFile, startStack } from '../../scripts/lib/stack.js';
import { REPO_ROOT } from '../../scripts/lib/tables.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = stackLogFile(join(REPO_ROOT, 'tmp', 'stack-api.log'));
  const stack = await startStack({
    stage: 'test',
    ports: PORTS.api,
    seed: true,
    h5: false,
    log: log.write,
  });
  const { NODE_OPTIONS: _nodeOptions, ...env } = stack.env;
  // For this project's workers only: other projects' stacks use other ports.
  project.config.env = { ...project.config.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  project.provide('ddb', { endpoint: stack.urls.dynamodb, tableName: stack.tableName });
  project.provide('apiUrl', stack.urls.api);
  project.provide('faceUrl', stack.urls.face);
  project.provide('portalUrl', stack.urls.portal!);
  log.write(`[stack] api: test stack ready in ${(stack.timings.total! / 1000).toFixed(1)} s (log: ${log.path})`);
  return () => stack.stop();
}
