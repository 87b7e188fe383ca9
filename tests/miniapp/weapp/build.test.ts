// @vitest-environment jsdom
/**
 * The WeChat build (miniapp/dist/weapp): every template compiled by WeChat's own
 * compilers (wcc / wcsc, from miniprogram-compiler), app.json, the 2 MB main package
 * limit and only WeChat's platform branches. Its pages run in miniprogram-simulate in the
 * other files of this folder (harness.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, bundleJs, ensureBuilt, expectOnlyBranch, MAIN_PACKAGE_LIMIT, MINIAPP, PAGES, recordSize, relativeFiles, totalSize } from '../build.js';

const require = createRequire(import.meta.url);

interface MiniprogramCompiler {
  wxmlToJs(rootPath: string, options?: { wxmlList?: string[] }): string;
  wxssToJs(rootPath: string, options?: { wxssList?: string[] }): string;
}
const compiler = require('miniprogram-compiler') as MiniprogramCompiler;

let dist = '';

beforeAll(() => {
  dist = ensureBuilt('weapp');
}, BUILD_TIMEOUT);

describe('weapp build', () => {
  it('app.json lists the pages, home first, each with its four files', () => {
    const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { pages: string[] };
    expect(app.pages).toEqual(PAGES);
    // PAGES is app.config.ts's list: every page folder is on it.
    expect([...PAGES].sort()).toEqual(readdirSync(join(MINIAPP, 'src', 'pages')).map((d) => `pages/${d}/index`).sort());
    const files = new Set(relativeFiles(dist));
    for (const page of PAGES) {
      for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(files.has(`${page}.${ext}`), `${page}.${ext}`).toBe(true);
    }
  });

  it('compiles every .wxml with WeChat wcc without errors', () => {
    const wxml = relativeFiles(dist).filter((f) => f.endsWith('.wxml'));
    expect(wxml).toEqual(expect.arrayContaining(['base.wxml', 'comp.wxml', ...PAGES.map((p) => `${p}.wxml`)]));
    // wxmlToJs throws with wcc's own message on any compile error.
    const code = compiler.wxmlToJs(dist);
    const $gwx = new Function('global', code)({}) as (path: string) => ((data: unknown) => unknown) | undefined;
    for (const file of wxml) {
      const render = $gwx(file);
      expect(typeof render, file).toBe('function');
    }
    // A page template renders an empty Taro tree to an empty wx-page.
    const tree = $gwx('pages/index/index.wxml')!({ root: { cn: [] } }) as { tag: string; children: unknown[] };
    expect(tree.tag).toBe('wx-page');
  });

  it('compiles every .wxss with WeChat wcsc without errors', () => {
    const wxss = relativeFiles(dist).filter((f) => f.endsWith('.wxss'));
    expect(wxss.length).toBeGreaterThanOrEqual(PAGES.length + 1);
    const code = compiler.wxssToJs(dist);
    const styleOf = new Function('global', code)({}) as (path: string) => unknown;
    for (const page of PAGES) expect(styleOf(`${page}.wxss`), page).toBeTruthy();
  });

  it('keeps the main package under the 2 MB limit', () => {
    const size = totalSize(dist);
    recordSize('weapp', { mainPackageBytes: size, limitBytes: MAIN_PACKAGE_LIMIT, files: relativeFiles(dist).length });
    expect(size).toBeLessThan(MAIN_PACKAGE_LIMIT);
  });

  it('keeps only the WeChat branch of the platform module', () => {
    expectOnlyBranch(bundleJs(dist), {
      // Scan-to-login uses the camera scanner (onlyFromCamera).
      // Push consent: wx.requestSubscribeMessage({tmplIds}), not Alipay's entityIds.
      kept: ['weapp-demo', 'requestFacialVerify', 'onlyFromCamera', 'tmplIds'],
      dropped: ['alipay-demo', 'startAPVerify', 'sessionStorage', 'entityIds'],
    });
  });
});
