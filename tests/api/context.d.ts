/**
 * What tests/api/globalSetup.ts hands to the api tests beyond tests/support/context.d.ts.
 */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The demo portal 演示政务服务网 (scripts/portal), on 10092: its callback is registered in the seed. */
    portalUrl: string;
  }
}
