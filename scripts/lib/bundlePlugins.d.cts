import type { Plugin } from 'esbuild';

/** The esbuild plugins of the Lambda bundles, and the parts the tests check. */
declare const plugins: Plugin[] & {
  /** The compact form of an SDK client's models/errors.js source. */
  compactErrorClasses(source: string): string;
  /** Files of ours bundled as side-effect free. */
  PURE_MODULE: RegExp;
  /** The Map-based LRUCache (an ES module's source) that stands in for mnemonist's in @aws-sdk/endpoint-cache. */
  MAP_LRU_CACHE: string;
};
export = plugins;
