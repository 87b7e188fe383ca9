/**
 * What the global setups hand to the tests (`inject('ddb')` etc.): see
 * tests/integration/globalSetup.ts, tests/api/globalSetup.ts and tests/e2e/globalSetup.ts.
 */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local of the project's stack, with the stage's table created from serverless.yml. */
    ddb: { endpoint: string; tableName: string };
    /** The HTTP API (serverless-offline), e.g. http://127.0.0.1:3010 (api and e2e projects). */
    apiUrl: string;
    /** The sandbox face provider (api and e2e projects). */
    faceUrl: string;
    paymentUrl: string;
    /** The sandbox push recorder (scripts/sandbox/push; api project 3121, e2e 3122): GET /api/messages?openid= lists what was pushed. */
    pushUrl: string;
    /** The H5 app behind the static server (e2e project). */
    h5Url: string;
    /** The pharmacy POS simulator (e2e project). */
    terminalUrl: string;
    /** The demo portal 演示政务服务网 (scripts/portal; api project 10094, e2e 10091): its callback is registered in the seed. */
    portalUrl: string;
    /** The demo bank app 演示银行 (scripts/bank; e2e project 10093). */
    bankUrl: string;
    /** The API reference and signature check pages (scripts/devportal; e2e project 10097). */
    docsUrl: string;
  }
}
