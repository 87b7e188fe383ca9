/** The one DynamoDB document client of a container, and the table's name. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamodbEndpoint, tableName as tableNameVar } from '../config.js';
import { passWriteGate, WRITE_COMMANDS } from './writeGate.js';

let doc: DynamoDBDocumentClient | undefined;

/** One client per container; DYNAMODB_ENDPOINT points it at DynamoDB Local. */
export function ddb(): DynamoDBDocumentClient {
  if (!doc) doc = makeDocumentClient(dynamodbEndpoint());
  return doc;
}

export function makeDocumentClient(endpoint?: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    endpoint
      ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  );
  // A write waits for the invocation's write gate (a signed request's nonce claim).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(context.commandName ?? '')) await passWriteGate();
      return next(args);
    },
    { step: 'initialize', name: 'esscWriteGate' },
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function tableName(): string {
  return tableNameVar();
}

export function isConditionFailed(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { name?: string }).name === 'ConditionalCheckFailedException';
}
