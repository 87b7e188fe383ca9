// @vitest-environment jsdom
/**
 * The WeChat build (miniapp/dist/weapp): every template compiled by WeChat's own
 * compilers (wcc / wcsc, from miniprogram-compiler), app.json, the 2 MB main package
 * limit, and real pages of the build run in miniprogram-simulate (j-component + the
 * official template compiler) with a stubbed `wx`, rendered and tapped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, ensureBuilt, recordSize, relativeFiles, totalSize } from './build.js';

const require = createRequire(import.meta.url);

interface MiniprogramCompiler {
  wxmlToJs(rootPath: string, options?: { wxmlList?: string[] }): string;
  wxssToJs(rootPath: string, options?: { wxssList?: string[] }): string;
}
const compiler = require('miniprogram-compiler') as MiniprogramCompiler;

const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
const PAGES = ['pages/index/index', 'pages/claim/index', 'pages/settings/index'];

let dist = '';

beforeAll(() => {
  dist = ensureBuilt('weapp');
}, BUILD_TIMEOUT);

describe('weapp build', () => {
  it('app.json lists the pages, home first, each with its four files', () => {
    const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { pages: string[] };
    expect(app.pages).toEqual(PAGES);
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
    const js = relativeFiles(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .join('\n');
    expect(js).toContain('weapp-demo');
    expect(js).toContain('requestFacialVerify');
    expect(js).not.toContain('alipay-demo');
    expect(js).not.toContain('startAPVerify');
    expect(js).not.toContain('sessionStorage');
  });
});

// ---------------------------------------------------------------------------
// miniprogram-simulate: the built pages, run for real
// ---------------------------------------------------------------------------

interface SimComponent {
  dom: HTMLElement;
  instance: Record<string, unknown> & {
    onLoad(query: Record<string, string>): void;
    onShow?(): void;
    onReady?(): void;
    onUnload?(): void;
  };
  attach(parent: Element): void;
  detach(): void;
  querySelector(selector: string): SimComponent | undefined;
  dispatchEvent(name: string, options?: unknown): void;
}
interface Simulate {
  load(path: string, options: { rootPath: string }): string;
  render(id: string): SimComponent;
}

interface ApiCall {
  method: string;
  path: string;
  data: unknown;
}
type ApiHandler = (call: ApiCall) => { statusCode: number; data: unknown };

const DEMO_CARD = {
  id: 'card-1',
  maskedName: '张*',
  maskedIdNumber: '1101**********002X',
  maskedCardNumber: 'A******78',
  region: '110100',
  regionName: '北京市',
  status: 'normal',
  level: 1,
};

const sim = {
  storage: new Map<string, unknown>(),
  calls: [] as ApiCall[],
  api: (() => ({ statusCode: 500, data: {} })) as ApiHandler,
  pages: [] as unknown[],
};

/** The `wx` a Taro page needs, with request / login / storage stubbed. */
function installWx(): void {
  const g = globalThis as Record<string, unknown>;
  const systemInfo = {
    platform: 'devtools',
    SDKVersion: '3.7.0',
    windowWidth: 375,
    windowHeight: 667,
    screenWidth: 375,
    screenHeight: 667,
    pixelRatio: 2,
    statusBarHeight: 20,
  };
  g.wx = {
    getSystemInfoSync: () => systemInfo,
    getWindowInfo: () => systemInfo,
    getAppBaseInfo: () => systemInfo,
    getDeviceInfo: () => systemInfo,
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getStorageSync: (key: string) => sim.storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void sim.storage.set(key, value),
    removeStorageSync: (key: string) => void sim.storage.delete(key),
    login: (o: { success?: (r: unknown) => void }) => setTimeout(() => o.success?.({ code: 'wx-code-1', errMsg: 'login:ok' }), 0),
    request: (o: {
      url: string;
      method?: string;
      data?: unknown;
      success?: (r: unknown) => void;
      complete?: (r: unknown) => void;
    }) => {
      const call = { method: o.method ?? 'GET', path: new URL(o.url).pathname, data: o.data };
      sim.calls.push(call);
      setTimeout(() => {
        const res = { ...sim.api(call), header: {}, errMsg: 'request:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
      return { abort() {} };
    },
    showToast: () => undefined,
    hideToast: () => undefined,
    showLoading: () => undefined,
    hideLoading: () => undefined,
  };
  let app: Record<string, unknown> | undefined;
  g.App = (config: Record<string, unknown>) => {
    app = config;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => sim.pages;
  return;
}

describe('weapp pages in miniprogram-simulate', () => {
  let simulate: Simulate;
  const mounted: SimComponent[] = [];

  beforeAll(() => {
    installWx();
    simulate = require('miniprogram-simulate') as Simulate;
    const g = globalThis as Record<string, unknown>;
    // Taro registers pages with Page(); simulate knows Component(): a page is a
    // component whose lifecycle functions are methods (as with Component-built pages).
    g.Page = (config: Record<string, unknown>) => {
      const methods: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
      (g.Component as (o: unknown) => void)({ data: config.data ?? {}, methods });
    };
  });

  afterEach(() => {
    for (const page of mounted.splice(0)) {
      page.instance.onUnload?.();
      page.detach();
    }
    sim.pages = [];
    sim.calls = [];
    sim.storage.clear();
  });

  /**
   * A fresh Taro runtime for each page: webpack runs a chunk's entry (and so Page()) only
   * the first time the chunk loads, so the build's modules are evaluated anew.
   */
  function freshApp(): void {
    const g = globalThis as Record<string, unknown>;
    for (const key of Object.keys(require.cache)) if (key.startsWith(dist + sep)) delete require.cache[key];
    (g.wx as Record<string, unknown>).webpackJsonp = [];
    require(join(dist, 'app.js'));
    const app = (g.getApp as () => Record<string, (o: unknown) => void>)();
    app.onLaunch?.({ path: PAGES[0], query: {}, scene: 1001 });
    app.onShow?.({ path: PAGES[0], query: {}, scene: 1001 });
  }

  function openPage(route: string): SimComponent {
    freshApp();
    const id = simulate.load(join(dist, route), { rootPath: dist });
    const page = simulate.render(id);
    const parent = document.createElement('div');
    document.body.appendChild(parent);
    page.attach(parent);
    Object.assign(page.instance, { route, __route__: route });
    sim.pages = [page.instance];
    page.instance.onLoad({});
    page.instance.onShow?.();
    page.instance.onReady?.();
    mounted.push(page);
    return page;
  }

  async function waitFor(check: () => boolean, what: string, timeout = 5000): Promise<void> {
    const until = Date.now() + timeout;
    while (!check()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const text = (page: SimComponent) => page.dom.textContent ?? '';

  it('home logs in with wx.login and renders the card face from GET /v1/cards/me', async () => {
    sim.api = ({ method, path }) => {
      if (method === 'POST' && path === '/v1/sessions') return { statusCode: 201, data: { token: 'tok-1', expiresAt: '2999-01-01T00:00:00Z' } };
      if (method === 'GET' && path === '/v1/cards/me') return { statusCode: 200, data: { card: DEMO_CARD } };
      return { statusCode: 404, data: { code: 'not_found', detail: 'no route' } };
    };
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('A******78'), 'the card number');

    expect(sim.calls[0]).toEqual({
      method: 'POST',
      path: '/v1/sessions',
      data: { channelId: 'weapp-demo', platform: 'weapp', loginCode: 'wx-code-1' },
    });
    expect(sim.calls[1]).toMatchObject({ method: 'GET', path: '/v1/cards/me' });
    const card = page.querySelector('#card-face');
    expect(card).toBeDefined();
    expect(card!.dom.textContent).toContain('张*');
    expect(card!.dom.textContent).toContain('1101**********002X');
    expect(card!.dom.textContent).toContain('北京市');
    expect(page.querySelector('#card-status')!.dom.textContent).toBe('正常');
    expect(text(page)).not.toContain('申领电子社保卡');
  });

  it('elder mode: a tap on #elder-toggle enlarges the page, drops words and is kept', async () => {
    sim.api = ({ path }) =>
      path === '/v1/sessions'
        ? { statusCode: 201, data: { token: 'tok-2' } }
        : { statusCode: 200, data: { card: { ...DEMO_CARD, status: 'lost_temporary' } } };
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('临时挂失'), 'the status badge');
    expect(text(page)).toContain('1101**********002X');
    const root = page.querySelector('#page-index')!;
    expect(root.dom.className).not.toMatch(/\belder\b/);

    page.querySelector('#elder-toggle')!.dispatchEvent('tap');
    await waitFor(() => /(^|\s|--)elder\b/.test(root.dom.className), 'the elder class');
    // Fewer words: the ID number row and the long title go.
    expect(text(page)).not.toContain('1101**********002X');
    expect(text(page)).toContain('社保卡');
    expect(sim.storage.get('essc.elderMode')).toBe('true');
  });

  it('home shows the call to claim when the card is not claimed in this channel', async () => {
    sim.api = ({ path }) =>
      path === '/v1/sessions'
        ? { statusCode: 201, data: { token: 'tok-3' } }
        : { statusCode: 404, data: { status: 404, code: 'card_not_found', detail: '您尚未在本渠道领卡' } };
    const page = openPage('pages/index/index');
    await waitFor(() => text(page).includes('申领电子社保卡'), 'the claim button');
    expect(page.querySelector('#claim-start')).toBeDefined();
    expect(page.querySelector('#card-face')).toBeUndefined();
  });

  it('claim page: consent gates the identity step, which checks the ID number check digit', async () => {
    sim.api = () => ({ statusCode: 500, data: {} });
    const page = openPage('pages/claim/index');
    await waitFor(() => text(page).includes('个人信息处理告知'), 'the consent notice');
    expect(page.querySelector('#claim-step')!.dom.textContent).toContain('授权同意');

    // Without the checkbox, "next" does nothing.
    page.querySelector('#consent-next')!.dispatchEvent('tap');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.querySelector('#name-input')).toBeUndefined();

    page.querySelector('#consent-check')!.dispatchEvent('tap');
    await waitFor(() => text(page).includes('✓'), 'the ticked checkbox');
    page.querySelector('#consent-next')!.dispatchEvent('tap');
    await waitFor(() => page.querySelector('#id-input') !== undefined, 'the identity step');

    // Submitting empty fields gives zh-CN feedback; no request is made.
    page.querySelector('#identity-next')!.dispatchEvent('tap');
    await waitFor(() => text(page).includes('请输入姓名'), 'the name error');
    expect(text(page)).toContain('请输入身份证号');

    // 18 characters with a wrong check digit: caught on the phone before any request.
    page.querySelector('#id-input')!.dispatchEvent('input', { detail: { value: '110105194912310021' } });
    await waitFor(() => text(page).includes('校验位不正确'), 'the check digit error');
    page.querySelector('#id-input')!.dispatchEvent('input', { detail: { value: '11010519491231002X' } });
    await waitFor(() => !text(page).includes('校验位不正确'), 'the check digit error to clear');
    expect(sim.calls).toEqual([]);
  });
});
