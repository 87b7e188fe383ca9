/**
 * Works around two hoisting accidents of the workspace install (legacy-peer-deps: peer
 * dependencies are not installed, and the root package's own dependencies win the
 * top-level slot):
 *
 * 1. postcss: the root devDependency miniprogram-simulate needs postcss@7, so postcss@7
 *    sits in node_modules/ and every hoisted PostCSS 8 plugin of the Taro build
 *    (postcss-loader, postcss-import, pxtransform, cssnano...) loads it:
 *    "PostCSS plugin postcss-import requires PostCSS 8". miniapp/ has postcss@8 in its
 *    own devDependencies (miniapp/node_modules/postcss).
 * 2. ajv: ajv-keywords@5 sits at the root next to ajv@6 (kept there for eslint) but
 *    needs ajv@8: "Cannot find module 'ajv/dist/compile/codegen'". schema-utils@4, which
 *    loads it, carries its own ajv@8.
 *
 * Each rule only acts when its broken layout is present, and only for this build
 * process (Taro loads this from config/index.ts). Adding `postcss@^8` and `ajv@^8` to the
 * root devDependencies fixes the layout itself, after which this file does nothing.
 */
const Module = require('module')
const path = require('path')

const appDir = path.resolve(__dirname, '..')

function dirOf(pkg, from) {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [from] }))
  } catch {
    return undefined
  }
}

function major(dir) {
  try {
    return Number(String(require(path.join(dir, 'package.json')).version).split('.')[0])
  } catch {
    return NaN
  }
}

/** [{ name, redirectFrom: (parentFile) => boolean, to: node_modules dir }] */
const rules = []

// 1. postcss
{
  const rootPostcss = dirOf('postcss', path.dirname(appDir))
  const appPostcss = path.join(appDir, 'node_modules', 'postcss')
  if (rootPostcss && major(rootPostcss) < 8 && major(appPostcss) >= 8) {
    // Packages that really want postcss@7 keep it.
    const keep = ['miniprogram-simulate'].map((p) => `${path.sep}node_modules${path.sep}${p}${path.sep}`)
    rules.push({
      name: 'postcss',
      redirect: (parentFile) => !keep.some((k) => parentFile.includes(k)),
      to: path.dirname(appPostcss),
    })
  }
}

// 2. ajv for ajv-keywords@5
{
  const keywordsDir = dirOf('ajv-keywords', appDir)
  const schemaUtilsDir = dirOf('schema-utils', appDir)
  if (keywordsDir && schemaUtilsDir && major(keywordsDir) === 5) {
    const ajvForKeywords = dirOf('ajv', keywordsDir)
    const ajv8Dir = dirOf('ajv', schemaUtilsDir)
    if (!(ajvForKeywords && major(ajvForKeywords) >= 8) && ajv8Dir && major(ajv8Dir) >= 8) {
      const prefix = keywordsDir + path.sep
      rules.push({ name: 'ajv', redirect: (parentFile) => parentFile.startsWith(prefix), to: path.dirname(ajv8Dir) })
    }
  }
}

if (rules.length > 0 && !Module._esscDepsCompat) {
  Module._esscDepsCompat = true
  const original = Module._resolveFilename
  Module._resolveFilename = function (request, parent, ...rest) {
    if (parent && typeof parent.filename === 'string') {
      for (const rule of rules) {
        if ((request === rule.name || request.startsWith(`${rule.name}/`)) && rule.redirect(parent.filename)) {
          return original.call(this, request, { ...parent, paths: [rule.to] }, ...rest)
        }
      }
    }
    return original.call(this, request, parent, ...rest)
  }
}

// Worker processes (css-minimizer, terser) are forked and inherit the environment:
// make them load this file too.
if (rules.length > 0) {
  const flag = `--require ${JSON.stringify(__filename)}`
  const current = process.env.NODE_OPTIONS || ''
  if (!current.includes(__filename)) process.env.NODE_OPTIONS = `${current} ${flag}`.trim()
}
