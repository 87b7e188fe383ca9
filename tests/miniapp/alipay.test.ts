/**
 * The Alipay build (miniapp/dist/alipay): app.json, .axml/.acss pages in Alipay's
 * template dialect, the project file, and only Alipay's branch of the platform module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, bundleJs, ensureBuilt, expectOnlyBranch, MAIN_PACKAGE_LIMIT, PAGES, recordSize, relativeFiles, totalSize } from './build.js';
import { markupProblems } from './markup.js';


let dist = '';

beforeAll(() => {
  dist = ensureBuilt('alipay');
}, BUILD_TIMEOUT);

describe('alipay build', () => {
  it('app.json lists the pages with Alipay window keys', () => {
    const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as {
      pages: string[];
      window: Record<string, string>;
    };
    expect(app.pages).toEqual(PAGES);
    // Taro maps WeChat's window keys to Alipay's.
    expect(app.window.defaultTitle).toBe('电子社保卡');
    expect(app.window.titleBarColor).toBe('#c8161d');
  });

  it('has every page as .axml/.acss/.js/.json and a shared base template', () => {
    const files = new Set(relativeFiles(dist));
    for (const page of PAGES) {
      for (const ext of ['axml', 'acss', 'js', 'json']) expect(files.has(`${page}.${ext}`), `${page}.${ext}`).toBe(true);
      expect(readFileSync(join(dist, `${page}.axml`), 'utf8')).toContain('<import src="../../base.axml"/>');
    }
    expect(files.has('base.axml')).toBe(true);
    expect(files.has('utils.sjs')).toBe(true);
    expect(files.has('mini.project.json')).toBe(true);
    expect([...files].some((f) => f.endsWith('.wxml') || f.endsWith('.wxss'))).toBe(false);
  });

  it('templates are well formed and use Alipay syntax, not WeChat syntax', () => {
    const axml = relativeFiles(dist).filter((f) => f.endsWith('.axml'));
    for (const file of axml) {
      const source = readFileSync(join(dist, file), 'utf8');
      expect(markupProblems(source), file).toEqual([]);
      expect(source, file).not.toMatch(/\swx:(if|for|key|elif|else)\b/);
      expect(source, file).not.toMatch(/\sbind(tap|input)=/);
    }
    const base = readFileSync(join(dist, 'base.axml'), 'utf8');
    expect(base).toContain('a:for=');
    expect(base).toContain('onTap="eh"');
  });

  it('keeps only the Alipay branch of the platform module', () => {
    expectOnlyBranch(bundleJs(dist), {
      // Push consent: my.requestSubscribeMessage({entityIds}), not WeChat's tmplIds.
      kept: ['alipay-demo', 'startAPVerify', 'getAuthCode', 'entityIds'],
      dropped: ['weapp-demo', 'requestFacialVerify', 'sessionStorage', 'tmplIds'],
    });
  });

  it('stays under the 2 MB main package limit', () => {
    const size = totalSize(dist);
    recordSize('alipay', { mainPackageBytes: size, limitBytes: MAIN_PACKAGE_LIMIT, files: relativeFiles(dist).length });
    expect(size).toBeLessThan(MAIN_PACKAGE_LIMIT);
  });
});
