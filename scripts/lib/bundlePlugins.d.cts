import type { Plugin } from 'esbuild';

/** The esbuild plugins of the Lambda bundles, and two parts the tests check. */
declare const plugins: Plugin[] & {
  /** The compact form of an SDK client's models/errors.js source. */
  compactErrorClasses(source: string): string;
  /** Files of ours bundled as side-effect free. */
  PURE_MODULE: RegExp;
};
export = plugins;
