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
import { create as createQr } from 'qrcode';
import { BUILD_TIMEOUT, ensureBuilt, recordSize, relativeFiles, totalSize } from './build.js';
import { code128Modules, QUIET_ZONE } from '../../miniapp/src/lib/code128.js';
import { barcodeModules, qrGrid, svgOfDataUri } from './svg.js';

const require = createRequire(import.meta.url);

interface MiniprogramCompiler {
  wxmlToJs(rootPath: string, options?: { wxmlList?: string[] }): string;
  wxssToJs(rootPath: string, options?: { wxssList?: string[] }): string;
}
const compiler = require('miniprogram-compiler') as MiniprogramCompiler;

const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
const PAGES = [
  'pages/index/index',
  'pages/claim/index',
  'pages/settings/index',
  'pages/code/index',
  'pages/pay/index',
  'pages/records/index',
  'pages/settlement/index',
];

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
  query: string;
  data: unknown;
}
/** A response, or `network: true` for a request that fails without one (no network). */
type ApiHandler = (call: ApiCall) => { statusCode: number; data: unknown } | { network: true };
type WxCall = [name: string, arg: unknown];

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
  /** Calls of the stubbed device APIs (brightness, capture, navigation), in order. */
  wxCalls: [] as WxCall[],
  brightness: 0.4,
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
      fail?: (e: unknown) => void;
      complete?: (r: unknown) => void;
    }) => {
      const url = new URL(o.url);
      const call = { method: o.method ?? 'GET', path: url.pathname, query: url.search, data: o.data };
      sim.calls.push(call);
      setTimeout(() => {
        const out = sim.api(call);
        if ('network' in out) {
          const err = { errno: 600001, errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' };
          o.fail?.(err);
          o.complete?.(err);
          return;
        }
        const res = { ...out, header: {}, errMsg: 'request:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
      return { abort() {} };
    },
    getScreenBrightness: (o: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      sim.wxCalls.push(['getScreenBrightness', undefined]);
      setTimeout(() => {
        const res = { value: sim.brightness, errMsg: 'getScreenBrightness:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
    },
    ...Object.fromEntries(
      ['setScreenBrightness', 'setKeepScreenOn', 'setVisualEffectOnCapture', 'navigateTo', 'onUserCaptureScreen', 'offUserCaptureScreen'].map(
        (name) => [
          name,
          (o: { value?: number; success?: (r: unknown) => void; complete?: (r: unknown) => void } | (() => void)) => {
            sim.wxCalls.push([name, typeof o === 'function' ? 'listener' : { ...o, success: undefined, fail: undefined, complete: undefined }]);
            if (typeof o === 'function') return;
            if (name === 'setScreenBrightness' && typeof o.value === 'number') sim.brightness = o.value;
            setTimeout(() => {
              const res = { errMsg: `${name}:ok` };
              o.success?.(res);
              o.complete?.(res);
            }, 0);
          },
        ],
      ),
    ),
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
    sim.wxCalls = [];
    sim.brightness = 0.4;
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

  function openPage(route: string, query: Record<string, string> = {}): SimComponent {
    freshApp();
    const id = simulate.load(join(dist, route), { rootPath: dist });
    const page = simulate.render(id);
    const parent = document.createElement('div');
    document.body.appendChild(parent);
    page.attach(parent);
    Object.assign(page.instance, { route, __route__: route });
    sim.pages = [page.instance];
    page.instance.onLoad(query);
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
      query: '',
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
    // A lost card has no code to show.
    expect(page.querySelector('#show-code')).toBeUndefined();
    expect(page.querySelector('#go-records')).toBeUndefined();
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


  // ---- dynamic code, payment, records ---------------------------------------

  interface TaroNode {
    uid?: string;
    cn?: TaroNode[];
    [key: string]: unknown;
  }

  /** The node of the Taro tree (the page's setData) rendered with `id`. */
  function taroNode(page: SimComponent, id: string): TaroNode | undefined {
    const stack: TaroNode[] = [(page.instance.data as { root: TaroNode }).root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.uid === id) return node;
      stack.push(...(node.cn ?? []));
    }
    return undefined;
  }

  /** The image source (an SVG data URI) rendered under the element `id`. */
  function imageUnder(page: SimComponent, id: string): string {
    const stack: TaroNode[] = [taroNode(page, id)!];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const value of Object.values(node)) {
        if (typeof value === 'string' && value.startsWith('data:image/svg+xml')) return value;
      }
      stack.push(...(node.cn ?? []));
    }
    throw new Error(`no image under #${id}`);
  }

  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const CODE = '88123456789012345674';
  const OFFLINE_BATCH = {
    batchId: 'batch-1',
    codes: [1, 2, 3, 4, 5].map((i) => ({ code: `8820000000000000000${i}`, expiresAt: at(600_000) })),
    limits: { businessTypes: ['query', 'payment'], maxPaymentFen: 20000, validForSeconds: 600 },
  };
  const SETTLEMENT = {
    id: 'stl-1',
    status: 'awaiting_confirmation',
    institutionOrderId: 'ORD-1',
    split: { total: 12345, pooledFund: 6000, personalAccount: 5000, cash: 1345 },
    institution: { id: 'demo-pharmacy', name: '示范大药房' },
    items: [
      { code: 'X1', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 2500 },
      { code: 'X2', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 7345 },
    ],
    breakdown: {
      classA: 5000, classB: 0, classBSelfPay: 0, classC: 7345, eligible: 5000, deductibleApplied: 0,
      coinsurance: 0, overCap: 0, reimbursementBp: 9000, selfPay: 7345,
    },
    createdAt: at(0),
    confirmBy: at(600_000),
  };

  const wxCallsNamed = (name: string) => sim.wxCalls.filter(([n]) => n === name).map(([, arg]) => arg);

  it('home shows 出示医保码 and 个人账户 for a normal card and opens the code page', async () => {
    sim.api = ({ path }) =>
      path === '/v1/sessions'
        ? { statusCode: 201, data: { token: 'tok-h' } }
        : path === '/v1/cards/me'
          ? { statusCode: 200, data: { card: DEMO_CARD } }
          : path === '/v1/cards/me/offline-codes'
            ? { statusCode: 201, data: OFFLINE_BATCH }
            : { statusCode: 404, data: {} };
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
    expect(page.querySelector('#go-records')!.dom.textContent).toContain('个人账户');
    page.querySelector('#show-code')!.dispatchEvent('tap');
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/code/index' });
    // The offline batch is fetched on the way, so the code page works without network.
    await waitFor(() => typeof sim.storage.get('essc.offlineCodes') === 'string', 'the kept offline batch');
    expect(JSON.parse(sim.storage.get('essc.offlineCodes') as string)).toMatchObject({ batchId: 'batch-1' });
  });

  it('home without network still offers the code when offline codes are kept', async () => {
    sim.storage.set('essc.session', JSON.stringify({ token: 'tok-n', expiresAt: '2999-01-01T00:00:00Z' }));
    sim.storage.set(
      'essc.offlineCodes',
      JSON.stringify({ batchId: 'batch-1', receivedAt: Date.now(), skewMs: 0, codes: OFFLINE_BATCH.codes, limits: OFFLINE_BATCH.limits }),
    );
    sim.api = () => ({ network: true });
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#index-error') !== undefined, 'the error');
    expect(text(page)).toContain('网络连接失败');
    expect(page.querySelector('#show-code')!.dom.textContent).toContain('离线');
  });

  it('code page: QR code, Code 128 barcode and grouped digits of the issued code; full brightness while shown', async () => {
    let pending: unknown[] = [];
    sim.api = ({ method, path }) => {
      if (path === '/v1/sessions') return { statusCode: 201, data: { token: 'tok-c' } };
      if (method === 'POST' && path === '/v1/cards/me/codes') {
        return { statusCode: 201, data: { code: CODE, expiresAt: at(60_000), refreshAt: at(50_000) } };
      }
      if (method === 'POST' && path === '/v1/cards/me/offline-codes') return { statusCode: 201, data: OFFLINE_BATCH };
      if (method === 'GET' && path === '/v1/settlements/pending') return { statusCode: 200, data: { settlements: pending } };
      return { statusCode: 404, data: { code: 'not_found' } };
    };
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#code-digits') !== undefined, 'the code');

    expect(page.querySelector('#code-digits')!.dom.textContent).toBe('8812 3456 7890 1234 5674');
    expect(page.querySelector('#code-countdown')!.dom.textContent).toMatch(/^(60|59) 秒后失效/);
    expect(page.querySelector('#code-notice')!.dom.textContent).toBe('截屏无效，付款码每分钟自动刷新');
    expect(page.querySelector('#offline-badge')).toBeUndefined();
    expect(page.querySelector('#code-refresh')).toBeDefined();

    // The barcode encodes the code (Code 128 set C), module for module.
    const barcode = svgOfDataUri(imageUnder(page, 'code-barcode'));
    expect(barcodeModules(barcode)).toBe('0'.repeat(QUIET_ZONE) + code128Modules(CODE) + '0'.repeat(QUIET_ZONE));
    // The QR code is the code's QR symbol, module for module.
    const qr = createQr([{ data: CODE, mode: 'numeric' }], { errorCorrectionLevel: 'M' });
    const grid = qrGrid(svgOfDataUri(imageUnder(page, 'code-qr')), qr.modules.size, 4);
    for (let r = 0; r < qr.modules.size; r++) {
      for (let c = 0; c < qr.modules.size; c++) expect(grid[r]![c], `QR module ${r},${c}`).toBe(qr.modules.get(r, c) ? 1 : 0);
    }

    // Brightness up, screen kept on, screenshots hidden; the offline batch kept.
    await waitFor(() => wxCallsNamed('setKeepScreenOn').length > 0, 'the screen kept on');
    expect(wxCallsNamed('getScreenBrightness')).toHaveLength(1);
    expect(wxCallsNamed('setScreenBrightness')).toEqual([expect.objectContaining({ value: 1 })]);
    expect(wxCallsNamed('setVisualEffectOnCapture')).toEqual([expect.objectContaining({ visualEffect: 'hidden' })]);
    expect(wxCallsNamed('onUserCaptureScreen')).toEqual(['listener']);
    await waitFor(() => typeof sim.storage.get('essc.offlineCodes') === 'string', 'the kept offline batch');

    // A tap on the code asks for a new one at once.
    const issued = () => sim.calls.filter((c) => c.method === 'POST' && c.path === '/v1/cards/me/codes').length;
    expect(issued()).toBe(1);
    page.querySelector('#code-qr')!.dispatchEvent('tap');
    await waitFor(() => issued() === 2, 'the refresh');

    // A terminal pre-settles a bill with the code: the page opens the confirmation.
    pending = [SETTLEMENT];
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'the payment page', 6000);
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pay/index?id=stl-1' });

    // Leaving the page puts the brightness back and stops the polling.
    page.instance.onUnload?.();
    await waitFor(() => (wxCallsNamed('setKeepScreenOn').at(-1) as { keepScreenOn?: boolean }).keepScreenOn === false, 'screen on released');
    expect(sim.brightness).toBe(0.4);
    expect(wxCallsNamed('setVisualEffectOnCapture').at(-1)).toMatchObject({ visualEffect: 'none' });
    const polls = sim.calls.filter((c) => c.path === '/v1/settlements/pending').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(sim.calls.filter((c) => c.path === '/v1/settlements/pending').length).toBe(polls);
  }, 20_000);

  it('code page without network shows an unused offline code with the 离线 badge and its limit', async () => {
    sim.storage.set('essc.session', JSON.stringify({ token: 'tok-o', expiresAt: '2999-01-01T00:00:00Z' }));
    sim.storage.set(
      'essc.offlineCodes',
      JSON.stringify({ batchId: 'batch-1', receivedAt: Date.now(), skewMs: 0, codes: OFFLINE_BATCH.codes, limits: OFFLINE_BATCH.limits }),
    );
    sim.api = () => ({ network: true });
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#offline-badge') !== undefined, 'the offline badge');
    expect(page.querySelector('#offline-badge')!.dom.textContent).toBe('离线');
    expect(page.querySelector('#offline-limit')!.dom.textContent).toBe('仅限查询及200元以内支付');
    expect(page.querySelector('#code-digits')!.dom.textContent!.replace(/\s/g, '')).toBe('88200000000000000001');
    const barcode = svgOfDataUri(imageUnder(page, 'code-barcode'));
    expect(barcode).toContain('<path');
    // Shown once: marked used in storage; a refresh (still offline) shows the next one.
    const kept = () => JSON.parse(sim.storage.get('essc.offlineCodes') as string) as { codes: Array<{ used?: boolean }> };
    expect(kept().codes.map((c) => !!c.used)).toEqual([true, false, false, false, false]);
    page.querySelector('#code-refresh')!.dispatchEvent('tap');
    await waitFor(() => page.querySelector('#code-digits')!.dom.textContent!.endsWith('0002'), 'the next offline code');
    expect(kept().codes.map((c) => !!c.used)).toEqual([true, true, false, false, false]);
  });

  it('code page of a lost card says so and shows no code', async () => {
    sim.api = ({ path }) =>
      path === '/v1/sessions'
        ? { statusCode: 201, data: { token: 'tok-l' } }
        : { statusCode: 422, data: { status: 422, code: 'card_lost', detail: '卡片已挂失' } };
    const page = openPage('pages/code/index');
    await waitFor(() => page.querySelector('#code-error') !== undefined, 'the error');
    expect(text(page)).toContain('卡片已挂失');
    expect(page.querySelector('#code-qr')).toBeUndefined();
  });

  it('pay page: the bill and its split, a wrong PIN with the tries left, then 支付已确认 and the settled status', async () => {
    let status = 'awaiting_confirmation';
    sim.api = ({ method, path, data }) => {
      if (path === '/v1/sessions') return { statusCode: 201, data: { token: 'tok-p' } };
      if (method === 'GET' && path === '/v1/settlements/stl-1') return { statusCode: 200, data: { settlement: { ...SETTLEMENT, status } } };
      if (method === 'POST' && path === '/v1/settlements/stl-1/confirmation') {
        if ((data as { pin?: string }).pin !== '135790') {
          return { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        }
        status = 'confirmed';
        return { statusCode: 200, data: { settlement: { ...SETTLEMENT, status } } };
      }
      return { statusCode: 404, data: {} };
    };
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    expect(page.querySelector('#pay-institution')!.dom.textContent).toBe('示范大药房');
    expect(page.querySelector('#pay-total')!.dom.textContent).toBe('¥123.45');
    expect(page.querySelector('#pay-pooled')!.dom.textContent).toBe('¥60.00');
    expect(page.querySelector('#pay-account')!.dom.textContent).toBe('¥50.00');
    expect(page.querySelector('#pay-cash')!.dom.textContent).toBe('¥13.45');
    expect(text(page)).toContain('阿莫西林胶囊');
    expect(text(page)).toContain('甲类');
    expect(text(page)).toContain('2 × ¥25.00');

    const filled = () => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length;
    const typePin = async (pin: string) => {
      await waitFor(() => filled() === 0, 'an empty PIN');
      for (const [i, d] of Array.from(pin).entries()) {
        page.querySelector(`.pin-key-${d}`)!.dispatchEvent('tap');
        // The pad reads the value of the last render: wait for each digit to land.
        if (i < pin.length - 1) await waitFor(() => filled() === i + 1, `digit ${i + 1}`);
      }
    };
    await typePin('111111');
    await waitFor(() => page.querySelector('#pay-error') !== undefined, 'the PIN error');
    expect(page.querySelector('#pay-error')!.dom.textContent).toBe('密码错误，还可尝试4次。');

    await typePin('135790');
    await waitFor(() => page.querySelector('#pay-confirmed') !== undefined, 'the confirmation');
    expect(page.querySelector('#pay-confirmed')!.dom.textContent).toBe('支付已确认');
    expect(page.querySelector('#pay-status')!.dom.textContent).toContain('等待医药机构完成结算');
    status = 'settled';
    await waitFor(() => (page.querySelector('#pay-status')?.dom.textContent ?? '').includes('结算完成'), 'the settled status', 6000);
    expect(page.querySelector('#pay-status')!.dom.textContent).toBe('结算完成，个人账户已支付 ¥50.00');
  }, 20_000);

  it('records page: the balance, transactions newest first, more with the cursor, a tap opens the detail', async () => {
    const txn = (i: number, kind = 'settlement') => ({
      entry: `e${i}`,
      kind,
      settlementId: `stl-${i}`,
      institutionName: '示范大药房',
      at: new Date(Date.UTC(2026, 6, 1, 8, i)).toISOString(),
      personalAccountChange: kind === 'reversal' ? 1000 : -1000,
      amounts: { total: 3000, pooledFund: 1000, personalAccount: 1000, cash: 1000 },
    });
    sim.api = ({ path, query }) => {
      if (path === '/v1/sessions') return { statusCode: 201, data: { token: 'tok-r' } };
      if (path === '/v1/accounts/me') return { statusCode: 200, data: { balance: 50000, currency: 'CNY' } };
      if (path === '/v1/accounts/me/transactions') {
        return query.includes('cursor=')
          ? { statusCode: 200, data: { transactions: [txn(1)] } }
          : { statusCode: 200, data: { transactions: [txn(3, 'reversal'), txn(2)], nextCursor: 'TXN#x' } };
      }
      return { statusCode: 404, data: {} };
    };
    const page = openPage('pages/records/index');
    await waitFor(() => page.querySelector('#account-balance') !== undefined, 'the balance');
    expect(page.querySelector('#account-balance')!.dom.textContent).toBe('¥500.00');
    const items = () => Array.from(page.dom.querySelectorAll('[class*="txn-item--"]'));
    expect(items()).toHaveLength(2);
    expect(items()[0]!.textContent).toContain('冲正');
    expect(items()[0]!.textContent).toContain('+¥10.00');
    expect(items()[1]!.textContent).toContain('-¥10.00');

    page.querySelector('#txn-more')!.dispatchEvent('tap');
    await waitFor(() => items().length === 3, 'the next page');
    expect(sim.calls.find((c) => c.path === '/v1/accounts/me/transactions' && c.query.includes('cursor='))!.query).toContain(
      'cursor=TXN%23x',
    );
    expect(page.querySelector('#txn-more')).toBeUndefined();
    expect(page.querySelector('#txn-end')!.dom.textContent).toBe('没有更多了');

    page.querySelector('.txn-item')!.dispatchEvent('tap');
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/settlement/index?id=stl-3' });
  });

  it('settlement page: a reversed settlement shows 已冲正 with its items and split', async () => {
    sim.api = ({ path }) =>
      path === '/v1/sessions'
        ? { statusCode: 201, data: { token: 'tok-s' } }
        : path === '/v1/settlements/stl-9'
          ? { statusCode: 200, data: { settlement: { ...SETTLEMENT, id: 'stl-9', status: 'reversed', settledAt: at(-60_000), reversedAt: at(0) } } }
          : { statusCode: 404, data: {} };
    const page = openPage('pages/settlement/index', { id: 'stl-9' });
    await waitFor(() => page.querySelector('#settlement-status') !== undefined, 'the status');
    expect(page.querySelector('#settlement-status')!.dom.textContent).toBe('已冲正');
    expect(page.querySelector('#settlement-total')!.dom.textContent).toBe('¥123.45');
    expect(page.querySelector('#settlement-account')!.dom.textContent).toBe('¥50.00');
    expect(page.dom.querySelectorAll('[class*="settlement-item"]')).toHaveLength(2);
    expect(text(page)).toContain('维生素C片');
    expect(text(page)).toContain('丙类');
  });
});
