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
import { BUILD_TIMEOUT, ensureBuilt, MAIN_PACKAGE_LIMIT, PAGES, recordSize, relativeFiles, totalSize } from './build.js';
import { code128Modules, QUIET_ZONE } from '../../miniapp/src/features/code/images/code128.js';
import { barcodeModules, qrGrid, svgOfDataUri } from './svg.js';

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
    // Scan-to-login uses the camera scanner.
    expect(js).toContain('onlyFromCamera');
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
  /** What wx.scanCode reads; undefined: the holder cancels. */
  scanResult: undefined as string | undefined,
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
      [
        'setScreenBrightness',
        'setKeepScreenOn',
        'setVisualEffectOnCapture',
        'navigateTo',
        'navigateBack',
        'redirectTo',
        'reLaunch',
        'onUserCaptureScreen',
        'offUserCaptureScreen',
        'checkIsSupportFacialRecognition',
        'requestFacialVerify',
      ].map(
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
    scanCode: (o: { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }) => {
      sim.wxCalls.push(['scanCode', { ...o, success: undefined, fail: undefined, complete: undefined }]);
      setTimeout(() => {
        if (sim.scanResult === undefined) {
          const err = { errMsg: 'scanCode:fail cancel' };
          o.fail?.(err);
          o.complete?.(err);
          return;
        }
        const res = { result: sim.scanResult, scanType: 'QR_CODE', errMsg: 'scanCode:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
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
    sim.wxCalls = [];
    sim.brightness = 0.4;
    sim.scanResult = undefined;
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

  // ---- family service, pension certification, contributions, scan-to-login ---

  const MEMBER = {
    memberId: 'card-m1',
    relationship: 'parent',
    maskedName: '张*国',
    maskedIdNumber: '3201**********0018',
    cardStatus: 'normal',
    boundAt: '2026-07-01T00:00:00.000Z',
    isPensioner: true,
    accountSharing: { fromMe: false, toMe: false },
  };
  const ADULT_ID = '11010519491231002X';
  const LOGIN_ID = 'lr_AbCdEfGhIjKlMnOpQrSt';

  /** A session for every page, then `handler`; anything else is a 404. */
  function api(handler: (call: ApiCall) => { statusCode: number; data: unknown } | undefined): ApiHandler {
    return (call) => {
      if (call.path === '/v1/sessions') return { statusCode: 201, data: { token: 'tok-f', expiresAt: '2999-01-01T00:00:00Z' } };
      return handler(call) ?? { statusCode: 404, data: { status: 404, code: 'not_found', detail: `no route ${call.method} ${call.path}` } };
    };
  }

  const callsTo = (method: string, path: string) => sim.calls.filter((c) => c.method === method && c.path === path);
  const idText = (page: SimComponent, id: string) => page.querySelector(`#${id}`)?.dom.textContent ?? '';
  const tap = (page: SimComponent, selector: string) => {
    const el = page.querySelector(selector);
    if (!el) throw new Error(`no ${selector} on the page`);
    el.dispatchEvent('tap');
  };

  /** Types a PIN on the pad inside the page (PIN sheet or pay pad), a digit per render. */
  async function typeSheetPin(page: SimComponent, pin: string): Promise<void> {
    const filled = () => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length;
    await waitFor(() => filled() === 0, 'an empty PIN');
    for (const [i, d] of Array.from(pin).entries()) {
      tap(page, `.pin-key-${d}`);
      await waitFor(() => filled() === i + 1, `digit ${i + 1}`);
    }
  }

  it('home offers 亲情服务, 待遇资格认证, 缴费记录 and 扫码登录; a scanned essc://login opens the login page, anything else is refused', async () => {
    sim.api = api(({ path }) =>
      path === '/v1/cards/me'
        ? { statusCode: 200, data: { card: DEMO_CARD } }
        : path === '/v1/cards/me/offline-codes'
          ? { statusCode: 201, data: OFFLINE_BATCH }
          : undefined,
    );
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#scan-login') !== undefined, 'the scan entry');
    expect(idText(page, 'go-family')).toContain('亲情服务');
    expect(idText(page, 'go-pension')).toContain('待遇资格认证');
    expect(idText(page, 'go-contributions')).toContain('缴费记录');
    tap(page, '#go-family');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/family/index' });

    // Not a login code: refused on the spot, no navigation.
    sim.scanResult = 'https://example.com/?r=lr_AbCdEfGhIjKlMnOpQrSt';
    tap(page, '#scan-login');
    await waitFor(() => page.querySelector('#scan-error') !== undefined, 'the scan error');
    expect(idText(page, 'scan-error')).toContain('不是电子社保卡的登录二维码');
    expect(wxCallsNamed('scanCode')[0]).toMatchObject({ onlyFromCamera: true });
    expect(wxCallsNamed('navigateTo')).toHaveLength(1);

    // A cancel says nothing; a login code opens the login page with its id.
    sim.scanResult = undefined;
    tap(page, '#scan-login');
    await waitFor(() => wxCallsNamed('scanCode').length === 2, 'the second scan');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.querySelector('#scan-error')).toBeUndefined();
    sim.scanResult = `essc://login?r=${LOGIN_ID}`;
    tap(page, '#scan-login');
    await waitFor(() => wxCallsNamed('navigateTo').length === 2, 'the login page');
    expect(wxCallsNamed('navigateTo')[1]).toMatchObject({ url: `/pages/login/index?r=${LOGIN_ID}` });
  });

  /** Home with a normal card; the pension status from `pension` (a network failure with `network`). */
  function homeApi(pension: () => { statusCode: number; data: unknown } | { network: true }): ApiHandler {
    const rest = api(({ path }) =>
      path === '/v1/cards/me'
        ? { statusCode: 200, data: { card: DEMO_CARD } }
        : path === '/v1/cards/me/offline-codes'
          ? { statusCode: 201, data: OFFLINE_BATCH }
          : undefined,
    );
    return (call) => (call.method === 'GET' && call.path === '/v1/pension-certification' ? pension() : rest(call));
  }

  /** Whether the element `a` comes before `b` in the page. */
  const before = (page: SimComponent, a: string, b: string) =>
    Boolean(page.querySelector(a)!.dom.compareDocumentPosition(page.querySelector(b)!.dom) & Node.DOCUMENT_POSITION_FOLLOWING);

  const bannerClass = (page: SimComponent) => page.querySelector('#pension-due-banner')?.dom.className ?? '';

  it('home: a due pension certification shows #pension-due-banner with the China date above the entries; a tap opens the pension page', async () => {
    let pension: { status: string; validUntil?: string; dueAt?: string; reviewId?: string } = {
      status: 'due',
      validUntil: '2027-06-30T16:00:00.000Z',
      dueAt: '2027-05-31T16:00:00.000Z',
    };
    sim.api = homeApi(() => ({ statusCode: 200, data: pension }));
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#pension-due-banner') !== undefined, 'the pension banner');
    expect(idText(page, 'pension-due-banner')).toContain('待遇资格认证已到期，请于2027年7月1日前完成认证');
    expect(idText(page, 'pension-due-banner')).toContain('待认证');
    // Mini-program templates drop data-* (data-status is H5 only): the status shows as a class.
    expect(bannerClass(page)).toMatch(/index-pension--due\b/);
    // The holder's own status, asked once for this show.
    expect(callsTo('GET', '/v1/pension-certification')).toHaveLength(1);
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('');
    // In the flow above the entries, which all stay.
    for (const id of ['card-face', 'show-code', 'go-records', 'go-family', 'go-pension', 'go-contributions', 'scan-login', 'go-settings']) {
      expect(page.querySelector(`#${id}`), id).toBeDefined();
    }
    expect(before(page, '#card-face', '#pension-due-banner')).toBe(true);
    expect(before(page, '#pension-due-banner', '#show-code')).toBe(true);

    tap(page, '#pension-due-banner');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pension/index' });

    // Each show asks again: overdue, then under review, then a due one without a date.
    const reshow = async (next: typeof pension, n: number, words: string) => {
      pension = next;
      page.instance.onShow?.();
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length === n && idText(page, 'pension-due-banner').includes(words), words);
      expect(bannerClass(page)).toContain(`index-pension--${next.status}`);
    };
    await reshow({ status: 'overdue', validUntil: '2026-01-31T16:00:00.000Z' }, 2, '待遇资格认证已逾期，养老金可能暂停发放，请尽快认证');
    await reshow({ status: 'under_review', reviewId: 'rc-1' }, 3, '待遇资格认证人工审核中');
    await reshow({ status: 'due', dueAt: '2027-05-31T16:00:00.000Z' }, 4, '待遇资格认证已到期，请尽快完成认证');

    // Elder mode: larger, without the status pill; the line stays.
    tap(page, '#elder-toggle');
    await waitFor(() => /(^|\s|--)elder\b/.test(page.querySelector('#page-index')!.dom.className), 'the elder class');
    expect(idText(page, 'pension-due-banner')).toContain('待遇资格认证已到期，请尽快完成认证');
    expect(idText(page, 'pension-due-banner')).not.toContain('待认证');

    // Certified on the next show: the banner goes.
    pension = { status: 'certified', validUntil: '2028-06-30T16:00:00.000Z' };
    page.instance.onShow?.();
    await waitFor(() => page.querySelector('#pension-due-banner') === undefined, 'the banner to go');
  });

  it('home: a certified or not applicable pension certification shows no banner', async () => {
    for (const status of ['certified', 'not_applicable']) {
      sim.calls = [];
      sim.api = homeApi(() => ({ statusCode: 200, data: { status, validUntil: '2027-06-30T16:00:00.000Z' } }));
      const page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length === 1, 'the pension status');
      await new Promise((r) => setTimeout(r, 50));
      expect(page.querySelector('#pension-due-banner'), status).toBeUndefined();
      expect(text(page)).not.toContain('待遇资格认证已');
    }
  });

  it('home: a failing pension call leaves home working, without the banner or an error', async () => {
    for (const failure of [{ network: true } as const, { statusCode: 500, data: { status: 500, code: 'internal', detail: '服务暂时不可用' } }]) {
      sim.calls = [];
      sim.wxCalls = [];
      sim.api = homeApi(() => failure);
      const page = openPage('pages/index/index');
      await waitFor(() => page.querySelector('#show-code') !== undefined, 'the code entry');
      await waitFor(() => callsTo('GET', '/v1/pension-certification').length >= 1, 'the pension status');
      await new Promise((r) => setTimeout(r, 50));
      expect(page.querySelector('#pension-due-banner')).toBeUndefined();
      expect(page.querySelector('#index-error')).toBeUndefined();
      expect(text(page)).not.toContain('服务暂时不可用');
      expect(text(page)).not.toContain('网络');
      expect(page.querySelector('#card-status')!.dom.textContent).toBe('正常');
      tap(page, '#show-code');
      await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
      expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/code/index' });
    }
  });

  it('home: no pension status is asked for a lost card', async () => {
    sim.api = api(({ path }) =>
      path === '/v1/cards/me'
        ? { statusCode: 200, data: { card: { ...DEMO_CARD, status: 'lost_temporary' } } }
        : path === '/v1/pension-certification'
          ? { statusCode: 200, data: { status: 'due' } }
          : undefined,
    );
    const page = openPage('pages/index/index');
    await waitFor(() => page.querySelector('#card-warning') !== undefined, 'the lost card');
    await new Promise((r) => setTimeout(r, 50));
    expect(callsTo('GET', '/v1/pension-certification')).toHaveLength(0);
    expect(page.querySelector('#pension-due-banner')).toBeUndefined();
  });

  it('family page: relatives, who bound me and invitations; a relative opens its page, an invitation is accepted with the PIN or declined', async () => {
    let received = [
      {
        id: 'inv-1',
        relationship: 'child',
        helper: { maskedName: '王*' },
        relative: { maskedName: '张*' },
        createdAt: at(0),
        expiresAt: at(7 * 86_400_000),
      },
    ];
    sim.api = api(({ method, path, data }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (path === '/v1/family/helpers') {
        return { statusCode: 200, data: { helpers: [{ helperId: 'card-h1', relationship: 'child', maskedName: '李*', maskedIdNumber: '1101**********0011', boundAt: at(0) }] } };
      }
      if (path === '/v1/family/invitations') {
        return {
          statusCode: 200,
          data: { received, sent: [{ id: 'inv-2', relationship: 'spouse', helper: { maskedName: '张*' }, relative: { maskedName: '赵*' }, createdAt: at(0), expiresAt: at(1e9) }] },
        };
      }
      if (method === 'POST' && path === '/v1/family/invitations/inv-1/acceptance') {
        if ((data as { pin?: string }).pin !== '135790') return { statusCode: 422, data: { code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        received = [];
        return { statusCode: 201, data: { helper: { helperId: 'card-w', relationship: 'child', maskedName: '王*', maskedIdNumber: 'x', boundAt: at(0) } } };
      }
      return undefined;
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-member') !== undefined, 'the relatives');
    expect(page.querySelector('.family-member')!.dom.textContent).toContain('张*国（父母）');
    expect(idText(page, 'family-count')).toBe('1/8');
    expect(page.querySelector('.family-helper')!.dom.textContent).toContain('您是其子女');
    expect(page.querySelector('.invitation-received')!.dom.textContent).toContain('王* 想添加您为亲属');
    expect(page.querySelector('.invitation-sent')!.dom.textContent).toContain('赵*（配偶）');
    expect(page.querySelector('#family-add')).toBeDefined();

    tap(page, '.family-member');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/member/index?memberId=card-m1' });

    // Accept: my PIN in the sheet; a wrong one is said in the sheet.
    tap(page, '.invitation-accept');
    await waitFor(() => page.querySelector('#pin-sheet') !== undefined, 'the PIN sheet');
    await typeSheetPin(page, '111111');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    expect(idText(page, 'pin-error')).toBe('密码错误，还可尝试4次。');
    await typeSheetPin(page, '135790');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#family-result') !== undefined, 'the result');
    expect(page.querySelector('#pin-sheet')).toBeUndefined();
    expect(callsTo('POST', '/v1/family/invitations/inv-1/acceptance').map((c) => c.data)).toEqual([{ pin: '111111' }, { pin: '135790' }]);
    await waitFor(() => page.querySelector('.invitation-received') === undefined, 'the accepted invitation gone');

    // Withdraw the sent one.
    sim.api = ((inner) => (call: ApiCall) =>
      call.method === 'DELETE' && call.path === '/v1/family/invitations/inv-2' ? { statusCode: 204, data: '' } : inner(call))(sim.api);
    tap(page, '.invitation-withdraw');
    await waitFor(() => callsTo('DELETE', '/v1/family/invitations/inv-2').length === 1, 'the DELETE');
    await waitFor(() => idText(page, 'family-result').includes('已撤回'), 'the withdrawn notice');
  });

  const HELPER = {
    helperId: 'card-h1',
    relationship: 'child',
    maskedName: '李*',
    maskedIdNumber: '1101**********0011',
    boundAt: '2026-07-01T00:00:00.000Z',
    accountSharing: { fromMe: false, toMe: false },
  };
  /** The switch shows its state as a class: mini-program templates drop aria-* and data-*. */
  const isOn = (el: SimComponent | undefined) => /(^|\s|--)switch--on\b/.test(el?.dom.className ?? '');

  it('family page: a helper who bound me is unbound after a confirmation; the rows say who shares an account with whom', async () => {
    let helpers = [{ ...HELPER, accountSharing: { fromMe: false, toMe: true } }];
    sim.api = api(({ method, path }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [{ ...MEMBER, accountSharing: { fromMe: true, toMe: false } }] } };
      if (method === 'GET' && path === '/v1/family/helpers') return { statusCode: 200, data: { helpers } };
      if (path === '/v1/family/invitations') return { statusCode: 200, data: { received: [], sent: [] } };
      if (method === 'DELETE' && path === '/v1/family/helpers/card-h1') {
        helpers = [];
        return { statusCode: 204, data: '' };
      }
      return undefined;
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper') !== undefined, 'who bound me');
    const helperRow = page.querySelector('.family-helper')!.dom.textContent ?? '';
    expect(helperRow).toContain('李*');
    expect(helperRow).toContain('TA的账户可为我支付');
    expect(helperRow).toContain('允许用我的个人账户支付TA的医疗费用');
    expect(page.querySelector('.family-member')!.dom.textContent).toContain('我的账户可为TA支付');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);

    // 解除绑定 asks first; 取消 leaves the binding alone.
    tap(page, '.family-helper-unbind');
    await waitFor(() => page.querySelector('#helper-unbind-confirm') !== undefined, 'the confirmation');
    expect(page.querySelector('.family-helper')!.dom.textContent).toContain('确定解除？');
    tap(page, '#helper-unbind-cancel');
    await waitFor(() => page.querySelector('#helper-unbind-confirm') === undefined, 'the confirmation closed');
    expect(page.querySelector('.family-helper-unbind')).toBeDefined();
    expect(callsTo('DELETE', '/v1/family/helpers/card-h1')).toHaveLength(0);

    const listed = callsTo('GET', '/v1/family/helpers').length;
    tap(page, '.family-helper-unbind');
    await waitFor(() => page.querySelector('#helper-unbind-confirm') !== undefined, 'the confirmation');
    tap(page, '#helper-unbind-confirm');
    await waitFor(() => page.querySelector('#family-result') !== undefined, 'the result');
    expect(idText(page, 'family-result')).toBe('已解除与李*的绑定');
    expect(callsTo('DELETE', '/v1/family/helpers/card-h1')).toHaveLength(1);
    await waitFor(() => page.querySelector('.family-helper') === undefined, 'the helper gone');
    expect(callsTo('GET', '/v1/family/helpers').length).toBeGreaterThan(listed);
    expect(page.querySelector('#family-helpers-empty')).toBeDefined();
    expect(page.querySelector('#helper-unbind-confirm')).toBeUndefined();
  });

  it('family page: unbinding a helper that is already gone shows the server detail', async () => {
    sim.api = api(({ method, path }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [] } };
      if (method === 'GET' && path === '/v1/family/helpers') return { statusCode: 200, data: { helpers: [HELPER] } };
      if (path === '/v1/family/invitations') return { statusCode: 200, data: { received: [], sent: [] } };
      if (method === 'DELETE' && path === '/v1/family/helpers/card-h1') {
        return { statusCode: 404, data: { status: 404, code: 'family_member_not_found', detail: '未找到该亲属绑定。' } };
      }
      return undefined;
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper') !== undefined, 'who bound me');
    expect(page.querySelector('.family-helper')!.dom.textContent).not.toContain('TA的账户可为我支付');
    expect(page.querySelector('.family-helper-to-me')).toBeUndefined();
    tap(page, '.family-helper-unbind');
    await waitFor(() => page.querySelector('#helper-unbind-confirm') !== undefined, 'the confirmation');
    tap(page, '#helper-unbind-confirm');
    await waitFor(() => page.querySelector('#family-action-error') !== undefined, 'the error');
    expect(idText(page, 'family-action-error')).toBe('未找到该亲属绑定。');
    expect(page.querySelector('#family-result')).toBeUndefined();
  });

  it('family page: 家庭共济 for a helper with my PIN (a wrong one shows the server detail); the row follows fromMe', async () => {
    let fromMe = false;
    sim.api = api(({ method, path, data }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (method === 'GET' && path === '/v1/family/helpers') return { statusCode: 200, data: { helpers: [{ ...HELPER, accountSharing: { fromMe, toMe: false } }] } };
      if (path === '/v1/family/invitations') return { statusCode: 200, data: { received: [], sent: [] } };
      if (method === 'PUT' && path === '/v1/family/helpers/card-h1/account-sharing') {
        const body = data as { allowed: boolean; pin: string };
        if (body.pin !== '135790') return { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        fromMe = body.allowed;
        return { statusCode: 200, data: { helper: { ...HELPER, accountSharing: { fromMe, toMe: false } } } };
      }
      return undefined;
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper-sharing') !== undefined, 'the switch');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    expect(page.querySelector('.family-member')!.dom.textContent).not.toContain('我的账户可为TA支付');

    tap(page, '.family-helper-sharing');
    await waitFor(() => page.querySelector('#pin-sheet') !== undefined, 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('开启家庭共济');
    expect(idText(page, 'pin-sheet')).toContain('李*');
    await typeSheetPin(page, '111111');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    expect(idText(page, 'pin-error')).toBe('密码错误，还可尝试4次。');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    await typeSheetPin(page, '135790');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#family-result') !== undefined, 'the result');
    expect(idText(page, 'family-result')).toBe('已开启家庭共济，您的个人账户可为李*支付医疗费用');
    expect(page.querySelector('#pin-sheet')).toBeUndefined();
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(true);
    expect(callsTo('PUT', '/v1/family/helpers/card-h1/account-sharing').map((c) => c.data)).toEqual([
      { allowed: true, pin: '111111' },
      { allowed: true, pin: '135790' },
    ]);

    // Off again: the sheet says so and asks for allowed false.
    tap(page, '.family-helper-sharing');
    await waitFor(() => page.querySelector('#pin-sheet') !== undefined, 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('关闭家庭共济');
    await typeSheetPin(page, '135790');
    tap(page, '#pin-submit');
    await waitFor(() => idText(page, 'family-result').startsWith('已关闭家庭共济'), 'the result');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    expect(callsTo('PUT', '/v1/family/helpers/card-h1/account-sharing')[2]!.data).toEqual({ allowed: false, pin: '135790' });
  });

  it('family-add: the form checks relationship, name and ID number; refusals show the server detail; 请亲属确认 sends an invitation', async () => {
    let answer: { statusCode: number; data: unknown } = {
      statusCode: 422,
      data: { status: 422, code: 'family_limit_reached', detail: '最多可绑定8位亲属。', errors: [{ field: 'idNumber', message: 'family_limit_reached' }] },
    };
    sim.api = api(({ method, path }) => (method === 'POST' && path === '/v1/family/members' ? answer : undefined));
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-face-start') !== undefined, 'the form');
    tap(page, '#family-face-start');
    await waitFor(() => page.querySelector('#family-rel-error') !== undefined, 'the relationship error');
    expect(idText(page, 'family-rel-error')).toBe('请选择与您的关系');
    expect(idText(page, 'family-name-error')).toBe('请输入姓名');
    expect(idText(page, 'family-id-error')).toBe('请输入身份证号');
    // The claim page's check digit rule.
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: '110105194912310021' } });
    await waitFor(() => page.querySelector('#family-id-error')?.dom.textContent?.includes('校验位不正确') === true, 'the check digit error');
    expect(sim.calls).toEqual([]);

    expect(page.querySelector('#family-rel-grandparent')!.dom.textContent).toBe('祖辈');
    tap(page, '#family-rel-parent');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张建国' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
    await waitFor(() => page.querySelector('#family-id-error') === undefined, 'a valid ID number');
    // An adult: no way around the face check but the relative's own confirmation.
    expect(page.querySelector('#family-add-child')).toBeUndefined();

    tap(page, '#family-invite');
    await waitFor(() => page.querySelector('#family-add-error') !== undefined, 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('最多可绑定8位亲属。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID, confirmBy: 'relative' });

    answer = {
      statusCode: 202,
      data: { invitation: { id: 'inv-9', relationship: 'parent', helper: { maskedName: '张*' }, relative: { maskedName: '张*国' }, createdAt: at(0), expiresAt: at(1e9) } },
    };
    tap(page, '#family-invite');
    await waitFor(() => page.querySelector('#family-invited') !== undefined, 'the invitation');
    expect(idText(page, 'family-invited')).toContain('已邀请 张*国（父母）');
    tap(page, '#family-add-back');
    await waitFor(() => wxCallsNamed('redirectTo').length === 1, 'back to the family page');
    expect(wxCallsNamed('redirectTo')[0]).toMatchObject({ url: '/pages/family/index' });
  });

  it("family-add: the relative's face on this phone (server result), then the binding with faceVerificationId", async () => {
    let faceStatus = 'failed';
    sim.api = api(({ method, path }) => {
      if (method === 'POST' && path === '/v1/face-verifications') {
        return { statusCode: 201, data: { id: 'fv-1', provider: 'wechat', handoff: { verifyId: 'vid-1' }, expiresAt: at(3_600_000) } };
      }
      if (method === 'POST' && path === '/v1/face-verifications/fv-1/result') return { statusCode: 200, data: { id: 'fv-1', status: faceStatus, attemptsLeft: 2 } };
      if (method === 'POST' && path === '/v1/family/members') return { statusCode: 201, data: { member: { ...MEMBER, memberId: 'card-m2' } } };
      return undefined;
    });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-rel-parent') !== undefined, 'the form');
    tap(page, '#family-rel-parent');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张建国' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
    await new Promise((r) => setTimeout(r, 50));
    tap(page, '#family-face-start');
    // A failed check: guidance and attempts left, no binding.
    await waitFor(() => page.querySelector('#face-attempts') !== undefined, 'the attempts left');
    expect(idText(page, 'face-attempts')).toContain('2');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'family', name: '张建国', idNumber: ADULT_ID });
    expect(wxCallsNamed('requestFacialVerify')[0]).toMatchObject({ verifyId: 'vid-1' });
    expect(callsTo('POST', '/v1/family/members')).toHaveLength(0);

    faceStatus = 'passed';
    tap(page, '#family-face-start');
    await waitFor(() => page.querySelector('#family-add-done') !== undefined, 'the binding');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID, faceVerificationId: 'fv-1' });
    expect(idText(page, 'family-add-done')).toContain('已添加父母 张*国');
  });

  it('family-add: a child under 16 is added by a guardian without a face; the server may still ask for one', async () => {
    const childId = (() => {
      const year = new Date().getUTCFullYear() - 10;
      const first17 = `110101${year}0101001`;
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = Array.from(first17).reduce((s, c, i) => s + Number(c) * w[i]!, 0);
      return first17 + '10X98765432'.charAt(sum % 11);
    })();
    let answer: { statusCode: number; data: unknown } = {
      statusCode: 422,
      data: { code: 'face_verification_required', detail: '添加成年亲属需要该亲属本人的人脸核验。' },
    };
    sim.api = api(({ method, path }) => (method === 'POST' && path === '/v1/family/members' ? answer : undefined));
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-rel-child') !== undefined, 'the form');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张小明' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: childId } });
    tap(page, '#family-rel-sibling');
    await new Promise((r) => setTimeout(r, 50));
    // Only as 子女.
    expect(page.querySelector('#family-add-child')).toBeUndefined();
    tap(page, '#family-rel-child');
    await waitFor(() => page.querySelector('#family-add-child') !== undefined, 'the guardian button');
    tap(page, '#family-add-child');
    await waitFor(() => page.querySelector('#family-add-error') !== undefined, 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('添加成年亲属需要该亲属本人的人脸核验。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'child', name: '张小明', idNumber: childId });

    answer = { statusCode: 201, data: { member: { ...MEMBER, memberId: 'card-c', relationship: 'child', maskedName: '张*明', isPensioner: false } } };
    tap(page, '#family-add-child');
    await waitFor(() => page.querySelector('#family-add-done') !== undefined, 'the binding');
    expect(idText(page, 'family-add-done')).toContain('已添加子女 张*明');
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
  });

  it("member page: the relative's card and what a helper may do (no PIN or loss actions); 家庭共济 with my PIN; unbinding", async () => {
    let sharing = false;
    sim.api = api(({ method, path, data }) => {
      if (method === 'GET' && path === '/v1/family/members') return { statusCode: 200, data: { members: [{ ...MEMBER, accountSharing: { fromMe: sharing, toMe: false } }] } };
      if (method === 'PUT' && path === '/v1/family/members/card-m1/account-sharing') {
        sharing = (data as { allowed: boolean }).allowed;
        return { statusCode: 200, data: { member: { ...MEMBER, accountSharing: { fromMe: sharing, toMe: false } } } };
      }
      if (method === 'DELETE' && path === '/v1/family/members/card-m1') return { statusCode: 204, data: '' };
      return undefined;
    });
    const page = openPage('pages/member/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#member-name') !== undefined, 'the relative');
    expect(idText(page, 'member-name')).toBe('张*国');
    expect(idText(page, 'member-relationship')).toContain('父母');
    expect(idText(page, 'member-status')).toBe('正常');
    expect(idText(page, 'member-id-number')).toBe('3201**********0018');
    for (const id of ['member-code', 'member-pension', 'member-contributions', 'member-records', 'member-sharing', 'member-unbind', 'elder-toggle']) {
      expect(page.querySelector(`#${id}`), id).toBeDefined();
    }
    // Nothing that would act on the relative's PIN, loss status or channel bindings.
    for (const id of ['loss-temporary', 'loss-formal', 'loss-lift', 'unbind', 'unbind-pin', 'unbind-face']) {
      expect(page.querySelector(`#${id}`), id).toBeUndefined();
    }
    expect(text(page)).not.toMatch(/挂失|修改密码|重置密码/);

    tap(page, '#member-code');
    tap(page, '#member-pension');
    tap(page, '#member-contributions');
    tap(page, '#member-records');
    await waitFor(() => wxCallsNamed('navigateTo').length === 4, 'the four pages');
    expect(wxCallsNamed('navigateTo').map((o) => (o as { url: string }).url)).toEqual([
      '/pages/code/index?memberId=card-m1',
      '/pages/pension/index?subjectCardId=card-m1',
      '/pages/contributions/index?subjectCardId=card-m1',
      '/pages/records/index?subjectCardId=card-m1',
    ]);

    tap(page, '#member-sharing');
    await waitFor(() => page.querySelector('#pin-sheet') !== undefined, 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('开启家庭共济');
    await typeSheetPin(page, '135790');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#member-result') !== undefined, 'the result');
    expect(idText(page, 'member-result')).toBe('已开启家庭共济');
    expect(callsTo('PUT', '/v1/family/members/card-m1/account-sharing')[0]!.data).toEqual({ allowed: true, pin: '135790' });

    tap(page, '#member-unbind');
    await waitFor(() => page.querySelector('#member-unbind-confirm') !== undefined, 'the confirmation');
    expect(callsTo('DELETE', '/v1/family/members/card-m1')).toHaveLength(0);
    tap(page, '#member-unbind-confirm');
    await waitFor(() => wxCallsNamed('redirectTo').length === 1, 'back to the family page');
    expect(callsTo('DELETE', '/v1/family/members/card-m1')).toHaveLength(1);
    expect(wxCallsNamed('redirectTo')[0]).toMatchObject({ url: '/pages/family/index' });
  });

  it('member page: a relative no longer bound says so', async () => {
    sim.api = api(({ path }) => (path === '/v1/family/members' ? { statusCode: 200, data: { members: [] } } : undefined));
    const page = openPage('pages/member/index', { memberId: 'card-gone' });
    await waitFor(() => page.querySelector('#member-error') !== undefined, 'the error');
    expect(idText(page, 'member-error')).toContain('未找到该亲属绑定');
    expect(page.querySelector('#member-code')).toBeUndefined();
  });

  it('pension page: status with valid-until and due dates in China time', async () => {
    sim.api = api(({ path }) =>
      path === '/v1/pension-certification'
        ? {
            statusCode: 200,
            data: { status: 'certified', certifiedAt: '2026-06-30T16:00:00.000Z', validUntil: '2027-06-30T16:00:00.000Z', dueAt: '2027-05-31T16:00:00.000Z' },
          }
        : undefined,
    );
    const page = openPage('pages/pension/index');
    await waitFor(() => page.querySelector('#pension-status') !== undefined, 'the status');
    expect(idText(page, 'pension-status')).toBe('已认证');
    expect(idText(page, 'pension-valid-until')).toBe('2027年7月1日');
    expect(idText(page, 'pension-due-at')).toBe('2027年6月1日');
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('');
    expect(page.querySelector('#pension-for-relative')).toBeUndefined();
  });

  it('pension page: 开始认证 runs the face check, the server result, then the certification', async () => {
    let certified = false;
    sim.api = api(({ method, path }) => {
      if (method === 'GET' && path === '/v1/pension-certification') {
        return { statusCode: 200, data: certified ? { status: 'certified', validUntil: '2027-06-30T16:00:00.000Z', dueAt: '2027-05-31T16:00:00.000Z' } : { status: 'due', dueAt: at(0) } };
      }
      if (method === 'POST' && path === '/v1/face-verifications') return { statusCode: 201, data: { id: 'fv-p', provider: 'wechat', handoff: { verifyId: 'vid-p' } } };
      if (method === 'POST' && path === '/v1/face-verifications/fv-p/result') return { statusCode: 200, data: { id: 'fv-p', status: 'passed', attemptsLeft: 3 } };
      if (method === 'POST' && path === '/v1/pension-certifications') {
        certified = true;
        return { statusCode: 201, data: { status: 'certified', certifiedAt: at(0), validUntil: '2027-06-30T16:00:00.000Z', dueAt: '2027-05-31T16:00:00.000Z' } };
      }
      return undefined;
    });
    const page = openPage('pages/pension/index');
    await waitFor(() => page.querySelector('#pension-start') !== undefined, 'the start button');
    expect(idText(page, 'pension-status')).toBe('待认证');
    tap(page, '#pension-start');
    await waitFor(() => page.querySelector('#pension-done') !== undefined, 'the certification');
    expect(idText(page, 'pension-done')).toBe('认证成功，有效期至2027年7月1日');
    expect(idText(page, 'pension-status')).toBe('已认证');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'pension' });
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).not.toHaveProperty('subjectCardId');
    expect(callsTo('POST', '/v1/pension-certifications')[0]!.data).toEqual({ faceVerificationId: 'fv-p' });
  });

  it("pension page for a relative: their status and face (subjectCardId); locked after 3 failures shows the manual review", async () => {
    sim.api = api(({ method, path }) => {
      if (method === 'GET' && path === '/v1/pension-certification') return { statusCode: 200, data: { status: 'overdue', validUntil: '2026-01-31T16:00:00.000Z', dueAt: '2026-01-01T16:00:00.000Z' } };
      if (method === 'GET' && path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (method === 'POST' && path === '/v1/face-verifications') {
        return {
          statusCode: 423,
          data: { status: 423, code: 'face_locked', detail: '今日人脸核验失败次数过多，已转人工审核。', reviewId: 'rv_pension_20260701_abc', attemptsLeft: 0 },
        };
      }
      return undefined;
    });
    const page = openPage('pages/pension/index', { subjectCardId: 'card-m1' });
    await waitFor(() => page.querySelector('#pension-start') !== undefined, 'the start button');
    expect(idText(page, 'pension-status')).toBe('已逾期');
    await waitFor(() => idText(page, 'pension-for-relative') === '为父母张*国办理认证', 'the relative banner');
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('?subjectCardId=card-m1');
    tap(page, '#pension-start');
    await waitFor(() => page.querySelector('#face-locked') !== undefined, 'the manual review notice');
    expect(idText(page, 'face-locked')).toContain('人工审核');
    expect(idText(page, 'face-locked')).toContain('rv_pension_20260701_abc');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'pension', subjectCardId: 'card-m1' });
    expect(page.querySelector('#pension-start')).toBeUndefined();
  });

  it('contributions page: records grouped by month, more with the cursor, a tab asks for its type', async () => {
    const rec = (month: string, type: string, status = 'paid') => ({
      type,
      month,
      base: 800000,
      employerAmount: type === 'pension' ? 128000 : 6400,
      personalAmount: type === 'pension' ? 64000 : 1600,
      status,
      payer: '江苏云帆信息技术有限公司',
    });
    sim.api = api(({ path, query }) => {
      if (path !== '/v1/records/contributions') return undefined;
      if (query.includes('type=medical')) return { statusCode: 200, data: { items: [rec('2026-05', 'medical')], from: '2016-06', to: '2026-05' } };
      if (query.includes('cursor=')) return { statusCode: 200, data: { items: [rec('2026-04', 'medical'), rec('2026-03', 'pension', 'arrears')], from: '2016-06', to: '2026-05' } };
      return { statusCode: 200, data: { items: [rec('2026-05', 'pension'), rec('2026-05', 'medical'), rec('2026-04', 'pension')], from: '2016-06', to: '2026-05', nextCursor: 'c+1' } };
    });
    const page = openPage('pages/contributions/index');
    await waitFor(() => page.querySelector('.contrib-item') !== undefined, 'the records');
    const items = () => Array.from(page.dom.querySelectorAll('[class*="contrib-item--"]'));
    const months = () => Array.from(page.dom.querySelectorAll('[class*="contrib-month__title"]')).map((e) => e.textContent);
    expect(items()).toHaveLength(3);
    expect(months()).toEqual(['2026年5月', '2026年4月']);
    expect(items()[0]!.textContent).toContain('养老保险');
    // Employer + personal: ¥1,280.00 + ¥640.00.
    expect(items()[0]!.textContent).toContain('¥1920.00');
    expect(idText(page, 'contrib-range')).toBe('2016年6月 至 2026年5月');
    expect(['all', 'pension', 'medical', 'unemployment', 'work_injury', 'maternity'].map((t) => idText(page, `contrib-tab-${t}`))).toEqual([
      '全部',
      '养老',
      '医疗',
      '失业',
      '工伤',
      '生育',
    ]);

    tap(page, '#contrib-more');
    await waitFor(() => items().length === 5, 'the next page');
    expect(callsTo('GET', '/v1/records/contributions')[1]!.query).toContain('cursor=c%2B1');
    expect(months()).toEqual(['2026年5月', '2026年4月', '2026年3月']);
    expect(items()[4]!.textContent).toContain('欠缴');
    expect(page.querySelector('#contrib-more')).toBeUndefined();
    expect(idText(page, 'contrib-end')).toBe('没有更多了');

    tap(page, '#contrib-tab-medical');
    await waitFor(() => items().length === 1, 'the medical records');
    expect(callsTo('GET', '/v1/records/contributions')[2]!.query).toContain('type=medical');
    expect(items()[0]!.textContent).toContain('医疗保险');
  });

  it("contributions and records of a relative pass subjectCardId", async () => {
    sim.api = api(({ path }) => {
      if (path === '/v1/records/contributions') return { statusCode: 200, data: { items: [] } };
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (path === '/v1/accounts/me') return { statusCode: 200, data: { balance: 1234, currency: 'CNY' } };
      if (path === '/v1/accounts/me/transactions') return { statusCode: 200, data: { transactions: [] } };
      return undefined;
    });
    const contrib = openPage('pages/contributions/index', { subjectCardId: 'card-m1' });
    await waitFor(() => contrib.querySelector('#contrib-empty') !== undefined, 'no records');
    expect(callsTo('GET', '/v1/records/contributions')[0]!.query).toContain('subjectCardId=card-m1');
    await waitFor(() => idText(contrib, 'contrib-for-relative') === '父母张*国的缴费记录', 'the banner');

    const records = openPage('pages/records/index', { subjectCardId: 'card-m1' });
    await waitFor(() => records.querySelector('#account-balance') !== undefined, 'the balance');
    expect(idText(records, 'account-balance')).toBe('¥12.34');
    expect(callsTo('GET', '/v1/accounts/me')[0]!.query).toBe('?subjectCardId=card-m1');
    expect(callsTo('GET', '/v1/accounts/me/transactions')[0]!.query).toContain('subjectCardId=card-m1');
    await waitFor(() => idText(records, 'records-for-relative') === '父母张*国的个人账户', 'the banner');
  });

  it('login page, level 1: the portal, what it asks in words, a countdown; confirmed with the PIN', async () => {
    sim.api = api(({ method, path, data }) => {
      if (method === 'GET' && path === `/v1/login-requests/${LOGIN_ID}`) {
        return { statusCode: 200, data: { id: LOGIN_ID, portal: { id: 'portal-gov', name: '江苏政务服务网' }, scope: 'openid profile', level: 1, expiresAt: at(120_000), status: 'pending' } };
      }
      if (method === 'POST' && path === `/v1/login-requests/${LOGIN_ID}/confirmation`) {
        return (data as { pin?: string }).pin === '135790'
          ? { statusCode: 200, data: { status: 'confirmed' } }
          : { statusCode: 422, data: { code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
      }
      return undefined;
    });
    const page = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => page.querySelector('#login-portal') !== undefined, 'the request');
    expect(idText(page, 'login-portal')).toBe('江苏政务服务网');
    expect(idText(page, 'login-scope')).toContain('身份标识');
    expect(idText(page, 'login-scope')).toContain('姓名（脱敏）');
    expect(idText(page, 'login-scope')).not.toContain('身份证号');
    expect(idText(page, 'login-countdown')).toMatch(/[12]:[0-5]\d/);

    tap(page, '#login-confirm');
    await waitFor(() => page.querySelector('#pin-sheet') !== undefined, 'the PIN sheet');
    await typeSheetPin(page, '111111');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    await typeSheetPin(page, '135790');
    tap(page, '#pin-submit');
    await waitFor(() => page.querySelector('#login-done') !== undefined, 'the confirmation');
    expect(idText(page, 'login-done')).toContain('已确认登录江苏政务服务网');
    expect(callsTo('POST', `/v1/login-requests/${LOGIN_ID}/confirmation`).at(-1)!.data).toEqual({ pin: '135790' });
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
  });

  it('login page, level 2: a face check (purpose login), then the confirmation; an expired request ends in #login-error', async () => {
    let confirmAnswer: { statusCode: number; data: unknown } = {
      statusCode: 410,
      data: { status: 410, code: 'login_request_expired', detail: '该登录请求已过期，请在网站上刷新二维码后重新扫码。' },
    };
    sim.api = api(({ method, path }) => {
      if (method === 'GET' && path === `/v1/login-requests/${LOGIN_ID}`) {
        return { statusCode: 200, data: { id: LOGIN_ID, portal: { id: 'p', name: '人社网上办事大厅' }, scope: 'openid idcard', level: 2, expiresAt: at(90_000), status: 'pending' } };
      }
      if (method === 'POST' && path === '/v1/face-verifications') return { statusCode: 201, data: { id: 'fv-l', provider: 'wechat', handoff: { verifyId: 'vid-l' } } };
      if (method === 'POST' && path === '/v1/face-verifications/fv-l/result') return { statusCode: 200, data: { id: 'fv-l', status: 'passed', attemptsLeft: 3 } };
      if (method === 'POST' && path === `/v1/login-requests/${LOGIN_ID}/confirmation`) return confirmAnswer;
      return undefined;
    });
    const page = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => page.querySelector('#login-confirm') !== undefined, 'the request');
    expect(idText(page, 'login-scope')).toContain('身份证号（脱敏）及卡等级');
    tap(page, '#login-confirm');
    await waitFor(() => page.querySelector('#login-error') !== undefined, 'the error');
    expect(idText(page, 'login-error')).toContain('已过期');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'login' });
    expect(callsTo('POST', `/v1/login-requests/${LOGIN_ID}/confirmation`)[0]!.data).toEqual({ faceVerificationId: 'fv-l' });
    expect(page.querySelector('#pin-sheet')).toBeUndefined();

    confirmAnswer = { statusCode: 200, data: { status: 'confirmed' } };
    const again = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => again.querySelector('#login-confirm') !== undefined, 'the request');
    tap(again, '#login-confirm');
    await waitFor(() => again.querySelector('#login-done') !== undefined, 'the confirmation');
  });

  it('login page refuses a route without a valid request id and a request already confirmed', async () => {
    sim.api = api(({ path }) =>
      path === `/v1/login-requests/${LOGIN_ID}`
        ? { statusCode: 200, data: { id: LOGIN_ID, portal: { id: 'p', name: 'x' }, scope: 'openid', level: 1, expiresAt: at(60_000), status: 'confirmed' } }
        : undefined,
    );
    const bad = openPage('pages/login/index', { r: 'not/an id' });
    await waitFor(() => bad.querySelector('#login-error') !== undefined, 'the error');
    expect(idText(bad, 'login-error')).toContain('登录二维码无效');
    expect(sim.calls.filter((c) => c.path.startsWith('/v1/login-requests'))).toHaveLength(0);

    const done = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => done.querySelector('#login-error') !== undefined, 'the error');
    expect(idText(done, 'login-error')).toContain('已确认过');
    expect(done.querySelector('#login-confirm')).toBeUndefined();
  });

  it("code page with memberId: the relative's code through the family binding, a banner, no offline batch, pending bills still open the payment", async () => {
    let pending: unknown[] = [];
    sim.api = api(({ method, path }) => {
      if (method === 'POST' && path === '/v1/family/members/card-m1/codes') return { statusCode: 201, data: { code: CODE, expiresAt: at(60_000), refreshAt: at(50_000) } };
      if (method === 'GET' && path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (method === 'GET' && path === '/v1/settlements/pending') return { statusCode: 200, data: { settlements: pending } };
      return undefined;
    });
    const page = openPage('pages/code/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#code-digits') !== undefined, 'the code');
    await waitFor(() => idText(page, 'code-for-relative') === '为父母张*国出示', 'the banner');
    expect(callsTo('POST', '/v1/cards/me/codes')).toHaveLength(0);
    expect(callsTo('POST', '/v1/cards/me/offline-codes')).toHaveLength(0);
    pending = [{ ...SETTLEMENT, id: 'stl-f', patient: { maskedName: '张*国', relationship: 'parent' }, presentedBy: 'family' }];
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'the payment page', 6000);
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/pay/index?id=stl-f' });
    expect(sim.storage.has('essc.offlineCodes')).toBe(false);
  }, 15_000);

  it("code page with memberId: a relative's lost card is said as such, with no way to the holder's own settings", async () => {
    sim.api = api(({ method, path }) => {
      if (method === 'POST' && path === '/v1/family/members/card-m1/codes') return { statusCode: 422, data: { status: 422, code: 'card_lost', detail: '卡片已挂失' } };
      if (method === 'GET' && path === '/v1/family/members') return { statusCode: 200, data: { members: [{ ...MEMBER, cardStatus: 'lost_temporary' }] } };
      return undefined;
    });
    const page = openPage('pages/code/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#code-error') !== undefined, 'the error');
    expect(idText(page, 'code-error')).toContain('亲属的卡片已挂失');
    expect(page.querySelector('#code-back')).toBeDefined();
    expect(page.querySelector('#go-settings')).toBeUndefined();
    expect(page.querySelector('#code-qr')).toBeUndefined();
  });

  it('family page still shows the bindings when the server has no invitations (404)', async () => {
    sim.api = api(({ path }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [] } };
      if (path === '/v1/family/helpers') return { statusCode: 200, data: { helpers: [] } };
      return undefined;
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('#family-empty') !== undefined, 'the empty list');
    expect(idText(page, 'family-count')).toBe('0/8');
    expect(page.querySelector('#family-error')).toBeUndefined();
    expect(page.querySelector('#family-helpers-empty')).toBeDefined();
  });

  it('pay page: a bill for a relative names the patient and the 家庭共济 part with its payer', async () => {
    const bill = {
      ...SETTLEMENT,
      split: { total: 12345, pooledFund: 6000, personalAccount: 2000, familyAccount: 3000, cash: 1345 },
      patient: { maskedName: '张*国', relationship: 'parent' },
      presentedBy: 'family',
      familyAccountPayer: { maskedName: '张*', relationship: 'child' },
    };
    sim.api = api(({ path }) => (path === '/v1/settlements/stl-1' ? { statusCode: 200, data: { settlement: bill } } : undefined));
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    expect(idText(page, 'pay-patient')).toBe('为亲属 张*国（父母）支付');
    expect(idText(page, 'pay-family-account')).toContain('家庭共济');
    expect(idText(page, 'pay-family-account')).toContain('张*');
    expect(idText(page, 'pay-family-account')).toContain('¥30.00');
    expect(idText(page, 'pay-account')).toBe('¥20.00');

    // An ordinary bill has neither.
    sim.api = api(({ path }) => (path === '/v1/settlements/stl-1' ? { statusCode: 200, data: { settlement: SETTLEMENT } } : undefined));
    const plain = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => plain.querySelector('#pay-page') !== undefined, 'the bill');
    expect(plain.querySelector('#pay-patient')).toBeUndefined();
    expect(plain.querySelector('#pay-family-account')).toBeUndefined();
  });

  it('every new page has its root id and takes elder mode', async () => {
    sim.api = api(({ path }) => {
      if (path === '/v1/family/members') return { statusCode: 200, data: { members: [MEMBER] } };
      if (path === '/v1/family/helpers') return { statusCode: 200, data: { helpers: [HELPER] } };
      if (path === '/v1/family/invitations') return { statusCode: 200, data: { received: [], sent: [] } };
      if (path === '/v1/pension-certification') return { statusCode: 200, data: { status: 'due', dueAt: at(0) } };
      if (path === '/v1/records/contributions') return { statusCode: 200, data: { items: [] } };
      if (path === `/v1/login-requests/${LOGIN_ID}`) {
        return { statusCode: 200, data: { id: LOGIN_ID, portal: { id: 'p', name: 'x' }, scope: 'openid', level: 1, expiresAt: at(60_000), status: 'pending' } };
      }
      return undefined;
    });
    const pages: Array<[string, Record<string, string>, string, boolean]> = [
      ['pages/family/index', {}, 'family-count', true],
      ['pages/family-add/index', {}, 'family-face-start', false],
      ['pages/member/index', { memberId: 'card-m1' }, 'member-name', true],
      ['pages/pension/index', {}, 'pension-status', true],
      ['pages/contributions/index', {}, 'contrib-empty', true],
      ['pages/login/index', { r: LOGIN_ID }, 'login-portal', false],
    ];
    for (const [route, query, ready, toggle] of pages) {
      sim.storage.set('essc.elderMode', 'true');
      const page = openPage(route, query);
      await waitFor(() => page.querySelector(`#${ready}`) !== undefined, `#${ready} on ${route}`);
      const name = route.split('/')[1]!;
      const root = page.querySelector(`#page-${name}`);
      expect(root, route).toBeDefined();
      expect(root!.dom.className, route).toMatch(/(^|\s|--)elder\b/);
      expect(page.querySelector('#elder-toggle') !== undefined, route).toBe(toggle);
      if (name === 'family') {
        // The helper row keeps its switch and unbinding, without the long hint.
        expect(page.querySelector('.family-helper-sharing')).toBeDefined();
        expect(page.querySelector('.family-helper-unbind')).toBeDefined();
        expect(page.querySelector('.family-helper')!.dom.textContent).not.toContain('个人账户不足的部分');
      }
    }
  }, 20_000);
});
