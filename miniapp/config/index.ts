import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// See config/deps-compat.js: fixes a broken postcss / ajv hoisting of the workspace install (no-op otherwise).
declare const require: (id: string) => unknown
require('./deps-compat.js')

/**
 * One config for weapp, alipay and h5. Output goes to dist/<TARO_ENV> so the three
 * builds can sit side by side. Only TARO_APP_* variables reach the code.
 */
const platform = process.env.TARO_ENV || 'weapp'
const DEFAULT_API_URL = 'http://127.0.0.1:3000'

/**
 * The server's pure rules files the app imports as they are (names, ID numbers, PINs:
 * functions/holder/*.rules.ts), so both sides refuse the same input with the same words.
 * They live outside src/, so Taro must be told to compile them, and their NodeNext-style
 * `./x.js` imports resolve to the `.ts` files.
 */
declare const __dirname: string
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const path = require('path') as any
const SHARED_RULES = path.resolve(__dirname, '..', '..', 'functions', 'holder')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function sharedRules(chain: any): void {
  chain.resolve.set('extensionAlias', { '.js': ['.ts', '.js'] })
}

/**
 * The CSS minimizer (cssnano) runs in worker threads by default, where the module
 * resolution fix of config/deps-compat.js does not reach: run it in this process.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function cssMinimizerInProcess(chain: any): void {
  sharedRules(chain)
  if (chain.optimization.minimizers.has('cssoWebpackPlugin')) {
    chain.optimization
      .minimizer('cssoWebpackPlugin')
      .tap((args: Array<Record<string, unknown>>) => [{ ...(args[0] || {}), parallel: false }])
  }
}

/**
 * H5: Taro splits only the initial chunks (`chunks: 'initial'`), so every lazily loaded
 * page chunk carried its own copy of what pages share (the API client, the components,
 * React's JSX runtime, Babel helpers): 13 pages, 13 copies. Splitting async chunks too
 * puts those modules in shared chunks loaded once (Taro's own cache groups unchanged).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function h5Chain(chain: any): void {
  cssMinimizerInProcess(chain)
  const splitChunks = chain.optimization.get('splitChunks')
  if (splitChunks && typeof splitChunks === 'object') chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' })
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'essc-miniapp',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: ['@tarojs/plugin-platform-alipay'],
    env: {
      // A TARO_APP_API_URL from the shell wins over the default; a .env file wins over both.
      TARO_APP_API_URL: JSON.stringify(process.env.TARO_APP_API_URL || DEFAULT_API_URL),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [SHARED_RULES] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      optimizeMainPackage: { enable: true },
      miniCssExtractPluginOption: { ignoreOrder: true },
      webpackChain: cssMinimizerInProcess,
    },
    h5: {
      compile: { include: [SHARED_RULES] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      webpackChain: h5Chain,
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, { mini: {}, h5: {} })
  }
  return merge({}, baseConfig, { mini: {}, h5: {} })
})
