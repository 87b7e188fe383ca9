/**
 * Every local port, in one table: `npm start` and each test project's own stack, so they
 * can run side by side. serverless.yml's dev stage defaults (DynamoDB 8000, API 3000/3002,
 * face 3100, payer 3110, push recorder 3120) are `start`'s; its test stage takes the
 * endpoints from the environment the stack sets. The seeded demo portal registers the
 * callback URL of every stack's portal.
 */
export const PORTS = {
  /** `npm start`. */
  start: { dynamodb: 8000, api: 3000, lambda: 3002, face: 3100, payment: 3110, push: 3120, h5: 10086, terminal: 10088, portal: 10090, bank: 10092, docs: 10096 },
  /** The integration project: DynamoDB Local only (the sandbox face, payer and push servers pick free ports). */
  integration: { dynamodb: 8001 },
  /** The api project: the stack without the H5 app. */
  api: { dynamodb: 8011, api: 3010, lambda: 3012, face: 3101, payment: 3111, push: 3121, portal: 10094, bank: 10095, docs: 10098 },
  /** The e2e project: the whole stack. */
  e2e: { dynamodb: 8021, api: 3020, lambda: 3022, face: 3102, payment: 3112, push: 3122, h5: 10087, terminal: 10089, portal: 10091, bank: 10093, docs: 10097 },
} as const;

/** The demo portal's callback URL on every stack that runs one (registered by the seed). */
export const PORTAL_CALLBACKS = [PORTS.start.portal, PORTS.e2e.portal, PORTS.api.portal].map((p) => `http://127.0.0.1:${p}/callback`);

/** The H5 app's web origins on every stack that serves it (the seeded sandbox channel registers them). */
export const H5_ORIGINS = [PORTS.start.h5, PORTS.e2e.h5].flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`]);

/** The demo bank app's origin on every stack that runs one (the seeded `demo-bank` channel registers them). */
export const BANK_ORIGINS = [PORTS.start.bank, PORTS.e2e.bank, PORTS.api.bank].map((p) => `http://127.0.0.1:${p}`);
