/**
 * The H5 build (miniapp/dist/h5): index.html with its JS and CSS bundles at publicPath
 * '/', hash routing (so any static server works), the runtime API URL hook, only the
 * H5 branch of the platform module, and the sizes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, bundleJs, ensureBuilt, expectOnlyBranch, PAGES, recordSize, relativeFiles, totalSize } from './build.js';

let dist = '';

beforeAll(() => {
  dist = ensureBuilt('h5');
}, BUILD_TIMEOUT);

describe('h5 build', () => {
  it('index.html loads JS and CSS bundles that exist, from publicPath /', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(html).toContain('<div id="app"></div>');
    expect(html).toContain('<title>电子社保卡</title>');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<link[^>]*\shref="([^"]+\.css)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(styles.length).toBeGreaterThan(0);
    for (const ref of [...scripts, ...styles]) {
      expect(ref.startsWith('/'), ref).toBe(true);
      expect(existsSync(join(dist, ref)), ref).toBe(true);
    }
  });

  it('routes by hash and knows every page', () => {
    const js = bundleJs(dist);
    expect(js).toMatch(/mode:\s*"hash"|"mode":\s*"hash"/);
    for (const page of PAGES) expect(js).toContain(page);
  });

  it('keeps only the H5 branch of the platform module', () => {
    expectOnlyBranch(bundleJs(dist), {
      // No camera scan on H5: the login link is pasted (login-link-input); the camera branch (onlyFromCamera) is not in the bundle.
      kept: ['sandbox:', '__ESSC_API_URL__', 'sessionStorage', 'login-link-input'],
      // No platform push on H5: no subscription dialog of either platform.
      dropped: ['weapp-demo', 'alipay-demo', 'requestFacialVerify', 'startAPVerify', 'onlyFromCamera', 'tmplIds', 'entityIds'],
    });
  });

  it('records the bundle sizes', () => {
    const files = relativeFiles(dist);
    const js = files.filter((f) => f.endsWith('.js'));
    const css = files.filter((f) => f.endsWith('.css'));
    const sum = (list: string[]) => list.reduce((s, f) => s + statSync(join(dist, f)).size, 0);
    const gz = (list: string[]) => list.reduce((s, f) => s + gzipSync(readFileSync(join(dist, f))).length, 0);
    recordSize('h5', {
      totalBytes: totalSize(dist),
      jsBytes: sum(js),
      jsGzipBytes: gz(js),
      jsFiles: js.length,
      cssBytes: sum(css),
      cssGzipBytes: gz(css),
    });
    expect(js.length).toBeGreaterThan(0);
    // The whole app, gzipped, stays small enough for a phone on a slow network.
    expect(gz(js)).toBeLessThan(400 * 1024);
  });
});
