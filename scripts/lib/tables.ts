/**
 * DynamoDB Local tables from serverless.yml: every `resources.Resources.*` of Type
 * `AWS::DynamoDB::Table` becomes a CreateTable (+ UpdateTimeToLive) call. serverless.yml is
 * the one source of truth for the schema; nothing here names an attribute or an index.
 *
 * The pure part (parsing, variable resolution, the Properties → CreateTable mapping) is
 * separate from the part that talks to DynamoDB, so it is unit-tested without a database.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TimeToLiveSpecification,
} from '@aws-sdk/client-dynamodb';
import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { localDynamoDbClient } from './dynamodbLocal.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVERLESS_YML = join(REPO_ROOT, 'serverless.yml');

// ---- parsing ---------------------------------------------------------------------------

/**
 * A CloudFormation intrinsic function written with a short tag (`!GetAtt X.Arn`), kept as
 * the equivalent long form (`{ 'Fn::GetAtt': 'X.Arn' }`) so the document parses; the local
 * stack never needs to evaluate them.
 */
export type Intrinsic = Record<string, unknown>;

const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
];

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** Custom tags for every CloudFormation short form, as scalar, sequence and mapping. */
export const cloudFormationTags: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => {
  const key = longName(name);
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string): Intrinsic => ({ [key]: value }) } as ScalarTag,
    {
      tag,
      collection: 'seq',
      resolve: (seq: YAMLSeq): Intrinsic => ({ [key]: seq.toJSON() }),
    } as unknown as CollectionTag,
    {
      tag,
      collection: 'map',
      resolve: (map: YAMLMap): Intrinsic => ({ [key]: map.toJSON() }),
    } as unknown as CollectionTag,
  ];
});

export type ServerlessConfig = Record<string, unknown>;

export function parseServerlessYml(text: string): ServerlessConfig {
  const doc = parseDocument(text, { customTags: cloudFormationTags, merge: true });
  if (doc.errors.length > 0) {
    throw new Error(`serverless.yml: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  // serverless.yml reuses its environment and IAM blocks by alias, many times over.
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!value || typeof value !== 'object') throw new Error('serverless.yml: not a mapping');
  return value as ServerlessConfig;
}

export function loadServerlessYml(path = SERVERLESS_YML): ServerlessConfig {
  return parseServerlessYml(readFileSync(path, 'utf8'));
}

// ---- variables -------------------------------------------------------------------------

export interface ResolveContext {
  stage: string;
  region?: string;
  /** Used for `${env:NAME}`; defaults to an empty environment (pure). */
  env?: Record<string, string | undefined>;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Splits `a, 'b, c', d` on top-level commas, respecting quotes. */
function splitFallbacks(expr: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

const VARIABLE = /\$\{([^${}]*)\}/;

/**
 * Resolves Serverless Framework variables in one value, as the framework would for the
 * given stage: `${sls:stage}`, `${opt:stage}`, `${opt:region}`, `${self:a.b}`,
 * `${param:x}` (params.<stage>, then params.default), `${env:X}`, `${ssm:...}` (never
 * resolved locally: its fallback is used), quoted literals and `, fallback` chains.
 * Nested variables are resolved inside out. Throws on what it cannot resolve.
 */
export function resolveVariables(value: unknown, config: ServerlessConfig, ctx: ResolveContext, depth = 0): unknown {
  if (depth > 20) throw new Error('serverless.yml: variables nest too deep (a cycle?)');
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, config, ctx, depth));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveVariables(v, config, ctx, depth)]),
    );
  }
  if (typeof value !== 'string') return value;

  let str = value;
  for (let guard = 0; guard < 100; guard++) {
    const match = VARIABLE.exec(str);
    if (!match) return str;
    const resolved = resolveExpression(match[1] ?? '', config, ctx, depth);
    // A string that is exactly one variable takes the variable's type (e.g. a list).
    if (match[0] === str && typeof resolved !== 'string') {
      return resolveVariables(resolved, config, ctx, depth + 1);
    }
    str = str.slice(0, match.index) + String(resolved) + str.slice(match.index + match[0].length);
  }
  throw new Error(`serverless.yml: too many variables in ${value}`);
}

function resolveExpression(expr: string, config: ServerlessConfig, ctx: ResolveContext, depth: number): unknown {
  const candidates = splitFallbacks(expr);
  for (const candidate of candidates) {
    const value = resolveSource(candidate, config, ctx, depth);
    if (value !== undefined && value !== null) return value;
  }
  throw new Error(`serverless.yml: cannot resolve \${${expr}} for stage ${ctx.stage}`);
}

function resolveSource(source: string, config: ServerlessConfig, ctx: ResolveContext, depth: number): unknown {
  const literal = /^(['"])(.*)\1$/s.exec(source);
  if (literal) return literal[2];
  if (/^-?\d+(\.\d+)?$/.test(source)) return Number(source);
  if (source === 'true' || source === 'false') return source === 'true';

  const colon = source.indexOf(':');
  if (colon < 0) throw new Error(`serverless.yml: unsupported variable \${${source}}`);
  const kind = source.slice(0, colon);
  const address = source.slice(colon + 1);
  switch (kind) {
    case 'sls':
      if (address === 'stage') return ctx.stage;
      if (address === 'instanceId') return 'local';
      break;
    case 'opt':
      if (address === 'stage') return ctx.stage;
      if (address === 'region') return ctx.region;
      return undefined;
    case 'self': {
      const raw = getPath(config, address);
      return raw === undefined ? undefined : resolveVariables(raw, config, ctx, depth + 1);
    }
    case 'param': {
      const params = (config.params ?? {}) as Record<string, Record<string, unknown> | undefined>;
      const raw = params[ctx.stage]?.[address] ?? params.default?.[address];
      return raw === undefined ? undefined : resolveVariables(raw, config, ctx, depth + 1);
    }
    case 'env':
      return (ctx.env ?? {})[address];
    case 'ssm':
    case 's3':
    case 'cf':
    case 'aws':
      // Remote sources are never read locally; the fallback after the comma applies.
      return undefined;
  }
  throw new Error(`serverless.yml: unsupported variable \${${source}}`);
}

// ---- params and environment -------------------------------------------------------------

/**
 * `provider.environment` as the Lambdas of a stage would see it, variables resolved
 * (`${env:...}` against ctx.env). Used by the test harness so that tests get the stage's
 * settings (keys, secrets) from serverless.yml rather than a copy of them.
 */
export function providerEnvironment(config: ServerlessConfig, ctx: ResolveContext): Record<string, string> {
  const provider = (config.provider ?? {}) as Record<string, unknown>;
  const region = ctx.region ?? (resolveVariables(provider.region ?? 'us-east-1', config, { ...ctx }) as string);
  const resolved = resolveVariables(provider.environment ?? {}, config, { ...ctx, region }) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, v === undefined || v === null ? '' : String(v)]));
}

/**
 * Everything a stage's functions are given: the provider's environment and every function's
 * own (secrets are function-level). For local tools and tests that run the code in-process
 * (the seed, integration tests), where one process stands in for every function.
 */
export function stageEnvironment(config: ServerlessConfig, ctx: ResolveContext): Record<string, string> {
  const env = providerEnvironment(config, ctx);
  const functions = (config.functions ?? {}) as Record<string, { environment?: Record<string, unknown> }>;
  const region = ctx.region ?? (resolveVariables(((config.provider ?? {}) as Record<string, unknown>).region ?? 'us-east-1', config, { ...ctx }) as string);
  for (const fn of Object.values(functions)) {
    const resolved = resolveVariables(fn.environment ?? {}, config, { ...ctx, region }) as Record<string, unknown>;
    for (const [k, v] of Object.entries(resolved)) env[k] = v === undefined || v === null ? '' : String(v);
  }
  return env;
}

// ---- Properties → CreateTable ------------------------------------------------------------

export interface TableDefinition {
  /** The logical id in resources.Resources (e.g. EsscTable). */
  logicalId: string;
  create: CreateTableCommandInput;
  /** From TimeToLiveSpecification, applied after the table exists. */
  timeToLive?: TimeToLiveSpecification;
}

/** Properties DynamoDB Local does not take (or that do not matter locally). */
const DROPPED_PROPERTIES = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'Tags',
  'ContributorInsightsSpecification',
  'DeletionProtectionEnabled',
  'TableClass',
  'KinesisStreamSpecification',
  'ImportSourceSpecification',
  'ResourcePolicy',
  'WarmThroughput',
  'OnDemandThroughput',
  'TimeToLiveSpecification',
]);

const MAPPED_PROPERTIES = new Set([
  'StreamSpecification',
  'TableName',
  'KeySchema',
  'AttributeDefinitions',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
]);

type Props = Record<string, unknown>;

function asArray(value: unknown, what: string): Props[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value as Props[];
}

function keySchema(value: unknown, what: string): CreateTableCommandInput['KeySchema'] {
  const list = asArray(value, what);
  if (list.length === 0) throw new Error(`${what} is missing`);
  return list.map((k) => ({
    AttributeName: String(k.AttributeName),
    KeyType: String(k.KeyType) as 'HASH' | 'RANGE',
  }));
}

function projection(value: unknown): { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } {
  const p = (value ?? { ProjectionType: 'ALL' }) as Props;
  const out: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } = {
    ProjectionType: String(p.ProjectionType ?? 'ALL') as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
  };
  if (Array.isArray(p.NonKeyAttributes)) out.NonKeyAttributes = p.NonKeyAttributes.map(String);
  return out;
}

function throughput(value: unknown): { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const t = value as Props;
  return { ReadCapacityUnits: Number(t.ReadCapacityUnits), WriteCapacityUnits: Number(t.WriteCapacityUnits) };
}

/** Maps one resolved AWS::DynamoDB::Table Properties block to CreateTable input. */
export function tablePropertiesToCreateTable(logicalId: string, properties: Props): TableDefinition {
  const where = `resources.Resources.${logicalId}.Properties`;
  const unknown = Object.keys(properties).filter((k) => !MAPPED_PROPERTIES.has(k) && !DROPPED_PROPERTIES.has(k));
  if (unknown.length > 0) {
    throw new Error(`${where}: don't know how to create ${unknown.join(', ')} locally`);
  }
  if (typeof properties.TableName !== 'string' || properties.TableName === '') {
    throw new Error(`${where}.TableName must be a string (the local stack needs a fixed name)`);
  }
  const billing = String(properties.BillingMode ?? 'PROVISIONED') as 'PAY_PER_REQUEST' | 'PROVISIONED';
  const provisioned = billing === 'PROVISIONED';

  const create: CreateTableCommandInput = {
    TableName: properties.TableName,
    BillingMode: billing,
    KeySchema: keySchema(properties.KeySchema, `${where}.KeySchema`),
    AttributeDefinitions: asArray(properties.AttributeDefinitions, `${where}.AttributeDefinitions`).map((a) => ({
      AttributeName: String(a.AttributeName),
      AttributeType: String(a.AttributeType) as 'S' | 'N' | 'B',
    })),
  };
  if (provisioned) {
    create.ProvisionedThroughput = throughput(properties.ProvisionedThroughput) ?? {
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    };
  }
  const gsis = asArray(properties.GlobalSecondaryIndexes, `${where}.GlobalSecondaryIndexes`);
  if (gsis.length > 0) {
    create.GlobalSecondaryIndexes = gsis.map((g, i) => {
      const index = {
        IndexName: String(g.IndexName),
        KeySchema: keySchema(g.KeySchema, `${where}.GlobalSecondaryIndexes[${i}].KeySchema`),
        Projection: projection(g.Projection),
      };
      return provisioned
        ? { ...index, ProvisionedThroughput: throughput(g.ProvisionedThroughput) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }
        : index;
    });
  }
  const lsis = asArray(properties.LocalSecondaryIndexes, `${where}.LocalSecondaryIndexes`);
  if (lsis.length > 0) {
    create.LocalSecondaryIndexes = lsis.map((l, i) => ({
      IndexName: String(l.IndexName),
      KeySchema: keySchema(l.KeySchema, `${where}.LocalSecondaryIndexes[${i}].KeySchema`),
      Projection: projection(l.Projection),
    }));
  }

  // The stream the webhook relay reads (scripts/lib/webhookWorker.ts locally, a Lambda on AWS).
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  if (stream?.StreamViewType) {
    create.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'NEW_AND_OLD_IMAGES' };
  }
  const definition: TableDefinition = { logicalId, create };
  const ttl = properties.TimeToLiveSpecification as Props | undefined;
  if (ttl && ttl.Enabled !== false && ttl.Enabled !== 'false') {
    if (typeof ttl.AttributeName !== 'string') throw new Error(`${where}.TimeToLiveSpecification.AttributeName missing`);
    definition.timeToLive = { AttributeName: ttl.AttributeName, Enabled: true };
  }
  return definition;
}

/** Every DynamoDB table of serverless.yml, resolved for a stage. Pure. */
export function tableDefinitionsFromServerless(config: ServerlessConfig, ctx: ResolveContext): TableDefinition[] {
  const resources = ((config.resources as Props | undefined)?.Resources ?? {}) as Record<string, Props>;
  return Object.entries(resources)
    .filter(([, resource]) => resource?.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => {
      const properties = resolveVariables(resource.Properties ?? {}, config, ctx) as Props;
      return tablePropertiesToCreateTable(logicalId, properties);
    });
}

// ---- talking to DynamoDB Local ------------------------------------------------------------

export interface CreateTablesOptions {
  endpoint: string;
  stage: string;
  /** Defaults to the repository's serverless.yml. */
  serverlessYmlPath?: string;
}

export interface CreatedTables {
  /** Table names by logical id. */
  tables: Record<string, string>;
  /** Names of the tables this call created (the others existed already). */
  created: string[];
}

/** Creates every table of serverless.yml that does not exist yet, then enables TTL. Idempotent. */
export async function createTablesFromServerlessYml(opts: CreateTablesOptions): Promise<CreatedTables> {
  const config = loadServerlessYml(opts.serverlessYmlPath);
  const definitions = tableDefinitionsFromServerless(config, { stage: opts.stage, env: process.env });
  if (definitions.length === 0) throw new Error('serverless.yml declares no AWS::DynamoDB::Table resource');
  const client = localDynamoDbClient(opts.endpoint);
  const result: CreatedTables = { tables: {}, created: [] };
  try {
    for (const def of definitions) {
      const name = def.create.TableName!;
      result.tables[def.logicalId] = name;
      if (!(await tableExists(client, name))) {
        try {
          await client.send(new CreateTableCommand(def.create));
          result.created.push(name);
        } catch (err) {
          if (!(err instanceof ResourceInUseException)) throw err;
        }
      }
      if (def.timeToLive) {
        const current = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
        const status = current.TimeToLiveDescription?.TimeToLiveStatus;
        if (status !== 'ENABLED' && status !== 'ENABLING') {
          await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: def.timeToLive }));
        }
      }
    }
  } finally {
    client.destroy();
  }
  return result;
}

async function tableExists(client: ReturnType<typeof localDynamoDbClient>, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return false;
    throw err;
  }
}

/** The table the Lambdas use (`TABLE_NAME` in provider.environment) for a stage. */
export function tableNameForStage(stage: string, config = loadServerlessYml()): string {
  const name = providerEnvironment(config, { stage }).TABLE_NAME;
  if (!name) throw new Error('serverless.yml: provider.environment.TABLE_NAME is not set');
  return name;
}
