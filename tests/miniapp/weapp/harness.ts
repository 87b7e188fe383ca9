/**
 * The harness of the WeChat build's page tests: real pages of miniapp/dist/weapp run in
 * miniprogram-simulate (j-component + the official template compiler) with a stubbed
 * `wx` (request, login, storage, brightness, capture, navigation, scanning), rendered and
 * tapped. Each page test file calls `simulatePages()` once, then `openPage(route)`.
 */
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { afterEach, beforeAll, expect } from 'vitest';
import { BUILD_TIMEOUT, ensureBuilt, PAGES } from '../build.js';

const require = createRequire(import.meta.url);

export interface SimComponent {
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

export interface ApiCall {
  method: string;
  path: string;
  query: string;
  data: unknown;
}
/**
 * A response, or `network: true` for a request that fails without one (no network);
 * `delayMs`: it arrives that much later (a slow network).
 */
export type Reply = ({ statusCode: number; data: unknown } | { network: true }) & { delayMs?: number };
export type ApiHandler = (call: ApiCall) => Reply;
type WxCall = [name: string, arg: unknown];

/** What the fake `wx` records and answers; reset after each test. */
export const sim = {
  storage: new Map<string, unknown>(),
  calls: [] as ApiCall[],
  api: (() => ({ statusCode: 500, data: {} })) as ApiHandler,
  pages: [] as unknown[],
  /** Calls of the stubbed device APIs (brightness, capture, navigation), in order. */
  wxCalls: [] as WxCall[],
  brightness: 0.4,
  /** What wx.scanCode reads; undefined: the holder cancels. */
  scanResult: undefined as string | undefined,
  /** What the holder answers in wx.requestSubscribeMessage, per template id; undefined: accepts all. */
  subscribeAnswer: undefined as Record<string, string> | undefined,
  /** The HTTP status wx.downloadFile gets. */
  downloadStatus: 200,
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
      const answer = (out: Reply) => {
        if ('network' in out) {
          const err = { errno: 600001, errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' };
          o.fail?.(err);
          o.complete?.(err);
          return;
        }
        const res = { statusCode: out.statusCode, data: out.data, header: {}, errMsg: 'request:ok' };
        o.success?.(res);
        o.complete?.(res);
      };
      setTimeout(() => {
        const out = sim.api(call);
        if (out.delayMs) setTimeout(() => answer(out), out.delayMs);
        else answer(out);
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
    requestSubscribeMessage: (o: { tmplIds: string[]; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      sim.wxCalls.push(['requestSubscribeMessage', { tmplIds: o.tmplIds }]);
      setTimeout(() => {
        const answer = sim.subscribeAnswer ?? Object.fromEntries(o.tmplIds.map((id) => [id, 'accept']));
        const res = { ...answer, errMsg: 'requestSubscribeMessage:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
    },
    downloadFile: (o: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      sim.wxCalls.push(['downloadFile', { url: o.url }]);
      setTimeout(() => {
        const res = { tempFilePath: 'http://tmp/proof.pdf', statusCode: sim.downloadStatus, errMsg: 'downloadFile:ok' };
        o.success?.(res);
        o.complete?.(res);
      }, 0);
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    openDocument: (o: { filePath: string; fileType?: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      sim.wxCalls.push(['openDocument', { filePath: o.filePath, fileType: o.fileType }]);
      setTimeout(() => {
        const res = { errMsg: 'openDocument:ok' };
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

let dist = '';
let simulate: Simulate;
const mounted: SimComponent[] = [];

/**
 * The hooks of a page test file: builds dist/weapp when it is stale, installs the fake
 * `wx` and a Page() that simulate understands; after each test, unmounts every page
 * opened and resets `sim`.
 */
export function simulatePages(): void {
  beforeAll(() => {
    dist = ensureBuilt('weapp');
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
  }, BUILD_TIMEOUT);

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
    sim.subscribeAnswer = undefined;
    sim.downloadStatus = 200;
    sim.storage.clear();
  });
}

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

export function openPage(route: string, query: Record<string, string> = {}): SimComponent {
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

export async function waitFor(check: () => boolean, what: string, timeout = 5000): Promise<void> {
  const until = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const text = (page: SimComponent) => page.dom.textContent ?? '';

interface TaroNode {
  uid?: string;
  cn?: TaroNode[];
  [key: string]: unknown;
}

/** The node of the Taro tree (the page's setData) rendered with `id`. */
export function taroNode(page: SimComponent, id: string): TaroNode | undefined {
  const stack: TaroNode[] = [(page.instance.data as { root: TaroNode }).root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.uid === id) return node;
    stack.push(...(node.cn ?? []));
  }
  return undefined;
}

/** The image source (an SVG data URI) rendered under the element `id`. */
export function imageUnder(page: SimComponent, id: string): string {
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

/** The arguments of the stubbed `wx.<name>` calls, in order. */
export const wxCallsNamed = (name: string) => sim.wxCalls.filter(([n]) => n === name).map(([, arg]) => arg);

export const callsTo = (method: string, path: string) => sim.calls.filter((c) => c.method === method && c.path === path);
export const idText = (page: SimComponent, id: string) => page.querySelector(`#${id}`)?.dom.textContent ?? '';
export const tap = (page: SimComponent, selector: string) => {
  const el = page.querySelector(selector);
  if (!el) throw new Error(`no ${selector} on the page`);
  el.dispatchEvent('tap');
};

/** One step of a flow: tap `selector`, then wait until `next` is on the page (`what` names it when it never comes). */
export async function tapUntilShown(page: SimComponent, selector: string, next: string, what: string): Promise<void> {
  tap(page, selector);
  await waitFor(() => page.querySelector(next) !== undefined, what);
}

/**
 * Opens `route` in elder mode (长辈版) and checks it took: the page root has the elder class
 * once `#ready` is shown; the elder toggle is there only when `toggle` says.
 */
export async function openElderPage(route: string, query: Record<string, string>, ready: string, toggle: boolean): Promise<SimComponent> {
  sim.storage.set('essc.elderMode', 'true');
  const page = openPage(route, query);
  await waitFor(() => page.querySelector(`#${ready}`) !== undefined, `#${ready} on ${route}`);
  const root = page.querySelector(`#page-${route.split('/')[1]!}`);
  expect(root, route).toBeDefined();
  expect(root!.dom.className, route).toMatch(/(^|\s|--)elder\b/);
  expect(page.querySelector('#elder-toggle') !== undefined, route).toBe(toggle);
  return page;
}

/** Types a PIN on the pad inside the page (PIN sheet or pay pad), a digit per render. */
export async function typeSheetPin(page: SimComponent, pin: string): Promise<void> {
  const filled = () => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length;
  await waitFor(() => filled() === 0, 'an empty PIN');
  for (const [i, d] of Array.from(pin).entries()) {
    tap(page, `.pin-key-${d}`);
    await waitFor(() => filled() === i + 1, `digit ${i + 1}`);
  }
}

/**
 * Types a PIN on the page's pad, a digit per render, without waiting after the last one
 * (a pad that moves on by itself at the 6th digit is empty again at once).
 */
export async function typeOnPad(page: SimComponent, pin: string): Promise<void> {
  const filled = () => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length;
  await waitFor(() => filled() === 0, 'an empty PIN');
  for (const [i, d] of Array.from(pin).entries()) {
    tap(page, `.pin-key-${d}`);
    if (i < pin.length - 1) await waitFor(() => filled() === i + 1, `digit ${i + 1}`);
  }
}

/** Types a PIN in the PIN sheet and submits it (`#pin-submit`). */
export async function submitSheetPin(page: SimComponent, pin: string): Promise<void> {
  await typeSheetPin(page, pin);
  tap(page, '#pin-submit');
}

/**
 * What an earlier start left in storage for a start without network: a session (no
 * login needed) and the offline code batch, kept just now, none used.
 */
export function keepOfflineStart(token: string, batch: { batchId: string; codes: unknown[]; limits: unknown }): void {
  sim.storage.set('essc.session', JSON.stringify({ token, expiresAt: '2999-01-01T00:00:00Z' }));
  sim.storage.set(
    'essc.offlineCodes',
    JSON.stringify({ batchId: batch.batchId, receivedAt: Date.now(), skewMs: 0, codes: batch.codes, limits: batch.limits }),
  );
}

// ---------------------------------------------------------------------------
// The API the pages talk to
// ---------------------------------------------------------------------------

/** A route's answer: always the same reply, or one made from the call (undefined: no such route). */
export type Route = Reply | ((call: ApiCall) => Reply | undefined);

/** 200 with `data`. */
export const ok = (data: unknown): Reply => ({ statusCode: 200, data });
/** 201 with `data`. */
export const created = (data: unknown): Reply => ({ statusCode: 201, data });
/** 204, no body. */
export const noContent = (): Reply => ({ statusCode: 204, data: '' });
/** Every request fails without a response (no network), the login too. */
export const offline: ApiHandler = () => ({ network: true });

/**
 * The API for one test: `routes` by "METHOD /path" (or "/path" for any method), matched on
 * the path without the query. POST /v1/sessions logs every page in; anything else is a
 * 404 problem. `routes` is read on every call, so a test may add or change routes as it
 * goes.
 */
export function apiStub(routes: Record<string, Route>): ApiHandler {
  return (call) => {
    const route = routes[`${call.method} ${call.path}`] ?? routes[call.path];
    const reply = typeof route === 'function' ? route(call) : route;
    if (reply) return reply;
    if (call.method === 'POST' && call.path === '/v1/sessions') {
      return { statusCode: 201, data: { token: 'tok-f', expiresAt: '2999-01-01T00:00:00Z' } };
    }
    return { statusCode: 404, data: { status: 404, code: 'not_found', detail: `no route ${call.method} ${call.path}` } };
  };
}
