/**
 * The global setup of a project that runs against the whole local stack (api, e2e): starts
 * it for stage `test` on the project's ports (scripts/lib/ports.ts), seeded, hands the
 * stage's environment to the project's workers and the URLs to its tests (inject()).
 * Every part's output goes to tmp/stack-<project>.log.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PORTS } from '../../scripts/lib/ports.js';
import { stackLogFile, startStack } from '../../scripts/lib/stack.js';
import { REPO_ROOT } from '../../scripts/lib/tables.js';

export function stackSetup(name: 'api' | 'e2e', options: { h5: boolean }) {
  return async function setup(project: TestProject): Promise<() => Promise<void>> {
    const log = stackLogFile(join(REPO_ROOT, 'tmp', `stack-${name}.log`));
    const stack = await startStack({ stage: 'test', ports: PORTS[name], seed: true, h5: options.h5, log: log.write });
    const { NODE_OPTIONS: _nodeOptions, ...env } = stack.env;
    // For this project's workers only: other projects' stacks use other ports.
    project.config.env = { ...project.config.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    project.provide('ddb', { endpoint: stack.urls.dynamodb, tableName: stack.tableName });
    project.provide('apiUrl', stack.urls.api);
    project.provide('faceUrl', stack.urls.face);
    project.provide('paymentUrl', stack.urls.payment);
    project.provide('pushUrl', stack.urls.push);
    project.provide('portalUrl', stack.urls.portal!);
    if (stack.urls.h5) project.provide('h5Url', stack.urls.h5);
    if (stack.urls.terminal) project.provide('terminalUrl', stack.urls.terminal);
    if (stack.urls.bank) project.provide('bankUrl', stack.urls.bank);
    if (stack.urls.docs) project.provide('docsUrl', stack.urls.docs);
    log.write(`[stack] ${name}: test stack ready in ${(stack.timings.total! / 1000).toFixed(1)} s (log: ${log.path})`);
    return () => stack.stop();
  };
}
