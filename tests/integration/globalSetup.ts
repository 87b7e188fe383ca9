/**
 * The integration project: DynamoDB Local on 8001 with the tables of serverless.yml for
 * stage `test`, seeded with the demo data (functions/seed; SEED_PEOPLE overrides how many
 * people). Tests get {endpoint, tableName} through inject('ddb'), and the stage's
 * environment (serverless.yml provider.environment for stage test: PII keys, session
 * secret, STAGE, TABLE_NAME, ...) in process.env, pointed at this DynamoDB Local.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../scripts/lib/dynamodbLocal.js';
import { PORTS } from '../../scripts/lib/ports.js';
import { createTablesFromServerlessYml, loadServerlessYml, stageEnvironment } from '../../scripts/lib/tables.js';

const STAGE = 'test';
const PORT = PORTS.integration.dynamodb;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ddb = await startDynamoDbLocal({ port: PORT });
  try {
    const { tables } = await createTablesFromServerlessYml({ endpoint: ddb.endpoint, stage: STAGE });
    const stageEnv = stageEnvironment(loadServerlessYml(), {
      stage: STAGE,
      env: { ...process.env, DYNAMODB_ENDPOINT: ddb.endpoint },
    });
    const tableName = stageEnv.TABLE_NAME!;
    if (!Object.values(tables).includes(tableName)) {
      throw new Error(`TABLE_NAME ${tableName} is not a table of serverless.yml (${Object.values(tables).join(', ')})`);
    }
    const { NODE_OPTIONS: _nodeOptions, ...env } = stageEnv;
    Object.assign(env, {
      DYNAMODB_ENDPOINT: ddb.endpoint,
      TABLE_NAME: tableName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    // This process (and so every worker it forks), and this project's workers in
    // particular: another project's global setup may set the same names in one run.
    Object.assign(process.env, env);
    project.config.env = { ...project.config.env, ...env };
    project.provide('ddb', { endpoint: ddb.endpoint, tableName });

    // The demo data, as `npm start` seeds it; the seed reads the PII keys from process.env.
    const { seedDemoData } = await import('../../scripts/seed/index.js');
    const peopleCount = process.env.SEED_PEOPLE ? Number(process.env.SEED_PEOPLE) : undefined;
    await seedDemoData({ endpoint: ddb.endpoint, tableName, stage: STAGE, ...(peopleCount ? { peopleCount } : {}) });
  } catch (err) {
    await ddb.stop();
    throw err;
  }
  return () => ddb.stop();
}
