import { describe, expect, it } from 'vitest';
import {
  loadServerlessYml,
  parseServerlessYml,
  providerEnvironment,
  resolveVariables,
  tableDefinitionsFromServerless,
  tablePropertiesToCreateTable,
} from '../../../../scripts/lib/tables.js';

const SAMPLE = `
service: shop
params:
  default:
    secret: \${ssm:/shop/\${sls:stage}/secret, ''}
    url: ''
  dev:
    secret: dev-secret
    url: \${env:SHOP_URL, 'http://127.0.0.1:9000'}
provider:
  name: aws
  region: \${opt:region, 'eu-west-1'}
  stage: \${opt:stage, 'dev'}
  environment:
    STAGE: \${sls:stage}
    TABLE: \${self:custom.tableName}
    SECRET: \${param:secret}
    URL: \${param:url}
    REGION: \${opt:region, self:provider.region}
custom:
  tableName: \${self:service}-orders-\${sls:stage}
  tableArn: !GetAtt Orders.Arn
  joined: !Join ['', [!Ref AWS::Region, '-', !Sub '\${AWS::AccountId}']]
  mapped: !If
    - IsProd
    - { Ref: A }
    - !Ref B
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:custom.tableName}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - { AttributeName: id, AttributeType: S }
          - { AttributeName: customer, AttributeType: S }
          - { AttributeName: placedAt, AttributeType: N }
        KeySchema:
          - { AttributeName: id, KeyType: HASH }
        GlobalSecondaryIndexes:
          - IndexName: byCustomer
            KeySchema:
              - { AttributeName: customer, KeyType: HASH }
              - { AttributeName: placedAt, KeyType: RANGE }
            Projection: { ProjectionType: INCLUDE, NonKeyAttributes: [total] }
        TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
        SSESpecification: { SSEEnabled: true }
        StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
        Tags: [{ Key: team, Value: shop }]
    Audit:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: shop-audit-\${sls:stage}
        AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
        KeySchema: [{ AttributeName: pk, KeyType: HASH }]
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 }
    Bucket:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: !Sub '\${AWS::StackName}-bucket'
`;

describe('parseServerlessYml', () => {
  it('keeps CloudFormation short tags as their long form (scalar, sequence and mapping)', () => {
    const config = parseServerlessYml(SAMPLE);
    const custom = config.custom as Record<string, unknown>;
    expect(custom.tableArn).toEqual({ 'Fn::GetAtt': 'Orders.Arn' });
    expect(custom.joined).toEqual({
      'Fn::Join': ['', [{ Ref: 'AWS::Region' }, '-', { 'Fn::Sub': '${AWS::AccountId}' }]],
    });
    expect(custom.mapped).toEqual({ 'Fn::If': ['IsProd', { Ref: 'A' }, { Ref: 'B' }] });
  });

  it('reports a broken document instead of guessing', () => {
    expect(() => parseServerlessYml('a: [1, 2')).toThrow(/serverless\.yml/);
  });
});

describe('resolveVariables', () => {
  const config = parseServerlessYml(SAMPLE);

  it('resolves self, sls, opt, params by stage with default fallback, env and literals', () => {
    const env = providerEnvironment(config, { stage: 'dev', env: {} });
    expect(env).toEqual({
      STAGE: 'dev',
      TABLE: 'shop-orders-dev',
      SECRET: 'dev-secret',
      URL: 'http://127.0.0.1:9000',
      REGION: 'eu-west-1',
    });
  });

  it('reads ${env:...} from the given environment and never reads ssm locally', () => {
    const env = providerEnvironment(config, { stage: 'prod', region: 'ap-east-1', env: { SHOP_URL: 'x' } });
    expect(env.SECRET).toBe(''); // ssm is skipped: its '' fallback applies
    expect(env.URL).toBe(''); // params.default, since prod has no params
    expect(env.TABLE).toBe('shop-orders-prod');
    expect(env.REGION).toBe('ap-east-1');
    expect(providerEnvironment(config, { stage: 'dev', env: { SHOP_URL: 'http://x' } }).URL).toBe('http://x');
  });

  it('fails loudly on a variable it cannot resolve', () => {
    expect(() => resolveVariables('${self:custom.nope}', config, { stage: 'dev' })).toThrow(/cannot resolve/);
    expect(() => resolveVariables('${file(./x.yml)}', config, { stage: 'dev' })).toThrow(/unsupported/);
  });

  it('keeps the type of a value that is exactly one variable', () => {
    const c = parseServerlessYml('custom:\n  list: [a, b]\n  n: 3\nx: ${self:custom.list}\ny: ${self:custom.n}\n');
    expect(resolveVariables(c.x, c, { stage: 'dev' })).toEqual(['a', 'b']);
    expect(resolveVariables(c.y, c, { stage: 'dev' })).toBe(3);
  });
});

describe('tableDefinitionsFromServerless', () => {
  const config = parseServerlessYml(SAMPLE);

  it('maps each AWS::DynamoDB::Table to CreateTable input and ignores other resources', () => {
    const defs = tableDefinitionsFromServerless(config, { stage: 'test' });
    expect(defs.map((d) => d.logicalId)).toEqual(['Orders', 'Audit']);

    const [orders, audit] = defs;
    expect(orders!.create).toEqual({
      TableName: 'shop-orders-test',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'customer', AttributeType: 'S' },
        { AttributeName: 'placedAt', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCustomer',
          KeySchema: [
            { AttributeName: 'customer', KeyType: 'HASH' },
            { AttributeName: 'placedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    // PITR, SSE and tags are dropped (the stream is kept: the local webhook worker reads it); TTL is applied separately.
    expect(orders!.timeToLive).toEqual({ AttributeName: 'expiresAt', Enabled: true });

    expect(audit!.create).toEqual({
      TableName: 'shop-audit-test',
      BillingMode: 'PROVISIONED',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
    });
    expect(audit!.timeToLive).toBeUndefined();
  });

  it('refuses properties it does not know how to create locally', () => {
    expect(() =>
      tablePropertiesToCreateTable('X', {
        TableName: 't',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        SomethingNew: true,
      }),
    ).toThrow(/SomethingNew/);
  });

  it('requires a literal table name and a key schema', () => {
    expect(() => tablePropertiesToCreateTable('X', { TableName: { Ref: 'Y' }, KeySchema: [] })).toThrow(/TableName/);
    expect(() => tablePropertiesToCreateTable('X', { TableName: 't', AttributeDefinitions: [] })).toThrow(/KeySchema/);
  });

  it('skips a TTL specification that is disabled', () => {
    const def = tablePropertiesToCreateTable('X', {
      TableName: 't',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false },
    });
    expect(def.timeToLive).toBeUndefined();
  });
});

describe("the project's serverless.yml", () => {
  it('declares tables the local stack can create, named per stage like TABLE_NAME', () => {
    const config = loadServerlessYml();
    for (const stage of ['dev', 'test']) {
      const defs = tableDefinitionsFromServerless(config, { stage });
      expect(defs.length).toBeGreaterThan(0);
      const names = defs.map((d) => d.create.TableName);
      expect(names).toContain(providerEnvironment(config, { stage }).TABLE_NAME);
      for (const def of defs) {
        expect(def.create.TableName).toMatch(new RegExp(`-${stage}$`));
        // Every key attribute is declared, as CreateTable requires.
        const declared = new Set(def.create.AttributeDefinitions!.map((a) => a.AttributeName));
        const keys = [
          ...def.create.KeySchema!,
          ...(def.create.GlobalSecondaryIndexes ?? []).flatMap((g) => g.KeySchema!),
        ].map((k) => k.AttributeName);
        for (const key of keys) expect(declared).toContain(key);
      }
    }
  });
});
