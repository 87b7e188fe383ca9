/**
 * Pure modules of the mini-program's code page, run in node: the Code 128 encoder, the
 * SVG drawings of the QR code and the barcode, the dynamic / offline code rules and the
 * money format.
 */
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  code128Bars,
  code128Modules,
  code128Values,
  QUIET_ZONE,
  symbolPattern,
} from '../../miniapp/src/features/code/images/code128.js';
import { barcodeSvg, qrSvg, svgDataUri, QR_QUIET_ZONE } from '../../miniapp/src/features/code/images/codeImage.js';
import {
  batchNeedsRefresh,
  displayCode,
  offlineLimitText,
  onlineCode,
  secondsLeft,
  storedBatch,
  takeOfflineCode,
  usableOfflineCodes,
  type OfflineBatchResponse,
} from '../../miniapp/src/features/code/dynamicCode.js';
import { fenToYuan, formatFen, formatFenChange } from '../../miniapp/src/features/settlement/money.js';
import { barcodeModules, qrGrid, svgOfDataUri } from './svg.js';

describe('Code 128 set C', () => {
  it('encodes 1234 as Start C, 12, 34, check 82, Stop', () => {
    // check = (105 + 1×12 + 2×34) mod 103 = 185 mod 103 = 82
    expect(code128Values('1234')).toEqual([105, 12, 34, 82, 106]);
    expect(code128Modules('1234')).toBe(
      '11010011100' + // Start C
        '10110011100' + // 12
        '10001011000' + // 34
        '10010011110' + // 82 (check)
        '1100011101011', // Stop
    );
  });

  it('encodes a 20-digit dynamic code: start, 10 pairs, check, stop; 156 modules', () => {
    const code = '88123456789012345674';
    const values = code128Values(code);
    expect(values).toEqual([105, 88, 12, 34, 56, 78, 90, 12, 34, 56, 74, expect.any(Number), 106]);
    let sum = 105;
    values.slice(1, 11).forEach((v, i) => (sum += v * (i + 1)));
    expect(values[11]).toBe(sum % 103);
    const modules = code128Modules(code);
    expect(modules).toHaveLength(11 * 12 + 13);
    expect(modules.startsWith('11010011100')).toBe(true);
    expect(modules.endsWith('1100011101011')).toBe(true);
  });

  it('keeps leading zeros of a pair (05 is symbol 5, not dropped)', () => {
    expect(code128Values('0500').slice(1, 3)).toEqual([5, 0]);
  });

  it('ends an odd number of digits with Code B and the digit in set B', () => {
    // 123: Start C, 12, Code B (100), "3" in B = 19; check = (105 + 12 + 200 + 57) mod 103 = 65
    expect(code128Values('123')).toEqual([105, 12, 100, 19, 65, 106]);
  });

  it('every symbol is 3 bars and 3 spaces over 11 modules (Stop 13), all distinct', () => {
    const seen = new Set<string>();
    for (let v = 0; v <= 105; v++) {
      const p = symbolPattern(v);
      expect(p).toMatch(/^[1-4]{6}$/);
      expect([...p].reduce((s, c) => s + Number(c), 0), `symbol ${v}`).toBe(11);
      seen.add(p);
    }
    expect(seen.size).toBe(106);
    expect(symbolPattern(106)).toBe('2331112');
  });

  it('refuses what is not digits', () => {
    expect(() => code128Values('')).toThrow(RangeError);
    expect(() => code128Values('12a4')).toThrow(RangeError);
    expect(() => symbolPattern(107)).toThrow(RangeError);
  });

  it('bars start after the quiet zone and the width counts both quiet zones', () => {
    const { bars, width } = code128Bars('1234');
    expect(bars[0]).toEqual({ x: QUIET_ZONE, w: 2 });
    expect(width).toBe(code128Modules('1234').length + 2 * QUIET_ZONE);
  });
});

describe('SVG drawings', () => {
  it('the barcode SVG draws exactly the dark modules of the symbol', () => {
    const code = '88123456789012345674';
    const svg = barcodeSvg(code);
    const width = code128Modules(code).length + 2 * QUIET_ZONE;
    expect(svg).toContain(`viewBox="0 0 ${width} 40"`);
    expect(barcodeModules(svg)).toBe('0'.repeat(QUIET_ZONE) + code128Modules(code) + '0'.repeat(QUIET_ZONE));
  });

  it('the barcode image carries its own quiet zones: ≥ 10 light modules each side inside the white background of the whole viewBox', () => {
    // However the image is scaled to the screen's width (preserveAspectRatio none), the light
    // margins a scanner needs are part of it, not left to the page's padding.
    expect(QUIET_ZONE).toBeGreaterThanOrEqual(10);
    for (const code of ['88123456789012345674', '00000000000000000000', '99999999999999999999', '1234']) {
      const svg = barcodeSvg(code);
      const width = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
      expect(width).toBe(code128Modules(code).length + 2 * QUIET_ZONE);
      expect(svg).toContain(`<rect width="${width}" height="40" fill="white"/>`);
      const bars = [...svg.matchAll(/M(\d+) 0h(\d+)/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
      expect(bars.length).toBeGreaterThan(0);
      expect(Math.min(...bars.map((b) => b.x)), code).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(Math.max(...bars.map((b) => b.x + b.w)), code).toBeLessThanOrEqual(width - QUIET_ZONE);
      // The symbol starts and ends with a bar right at the quiet zones (Start C's and Stop's first and last bars).
      expect(Math.min(...bars.map((b) => b.x))).toBe(QUIET_ZONE);
      expect(Math.max(...bars.map((b) => b.x + b.w))).toBe(width - QUIET_ZONE);
    }
  });

  it('the QR SVG draws exactly the dark modules of QRCode.create (numeric, level M, version 1)', () => {
    const code = '88123456789012345674';
    const qr = create([{ data: code, mode: 'numeric' }], { errorCorrectionLevel: 'M' });
    expect(qr.version).toBe(1);
    const svg = qrSvg(qr.modules);
    const n = qr.modules.size;
    const grid = qrGrid(svg, n, QR_QUIET_ZONE);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) expect(grid[row]![col], `module ${row},${col}`).toBe(qr.modules.get(row, col) ? 1 : 0);
    }
  });

  it('data URIs carry no character that needs escaping on the mini-program platforms', () => {
    const uri = svgDataUri(barcodeSvg('1234'));
    expect(uri.startsWith('data:image/svg+xml;utf8,<svg ')).toBe(true);
    expect(uri).not.toMatch(/[#%\n]/);
    expect(svgOfDataUri(uri)).toBe(barcodeSvg('1234'));
  });
});

describe('dynamic codes on the phone', () => {
  const T = Date.parse('2026-07-01T00:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  it('groups the digits by four', () => {
    expect(displayCode('88123456789012345674')).toBe('8812 3456 7890 1234 5674');
    expect(displayCode('8812 3456')).toBe('8812 3456');
  });

  it('uses the server times when the device clock agrees, and corrects a device clock that is off', () => {
    const inSync = onlineCode({ code: '1', expiresAt: iso(T + 60_000), refreshAt: iso(T + 50_000) }, T + 300);
    expect(inSync.expiresAt).toBe(T + 60_000);
    expect(inSync.refreshAt).toBe(T + 50_000);
    expect(secondsLeft(inSync, T + 300)).toBe(60);
    // The phone is 5 minutes behind: the countdown still runs 60 s from now.
    const behind = T - 300_000;
    const skewed = onlineCode({ code: '1', expiresAt: iso(T + 60_000), refreshAt: iso(T + 50_000) }, behind);
    expect(skewed.expiresAt).toBe(behind + 60_000);
    expect(skewed.refreshAt).toBe(behind + 50_000);
    expect(secondsLeft(skewed, behind + 61_000)).toBe(0);
  });

  const batch: OfflineBatchResponse = {
    batchId: 'b1',
    codes: [1, 2, 3, 4, 5].map((i) => ({ code: `8820000000000000000${i}`, expiresAt: iso(T + 600_000) })),
    limits: { businessTypes: ['query', 'payment'], maxPaymentFen: 20_000, validForSeconds: 600 },
  };

  it('takes each offline code once, and none close to expiry', () => {
    let kept = storedBatch(batch, T);
    const shown: string[] = [];
    for (let i = 0; i < 6; i++) {
      const next = takeOfflineCode(kept, T + 1_000);
      kept = next.batch!;
      if (next.shown) {
        expect(next.shown.kind).toBe('offline');
        expect(next.shown.expiresAt).toBe(T + 600_000);
        shown.push(next.shown.code);
      }
    }
    expect(shown).toEqual(batch.codes.map((c) => c.code));
    expect(usableOfflineCodes(storedBatch(batch, T), T + 590_000)).toEqual([]);
    expect(takeOfflineCode(undefined, T).shown).toBeUndefined();
  });

  it('asks for a new batch when none is kept, when it is old, or when it is nearly used up', () => {
    const fresh = storedBatch(batch, T);
    expect(batchNeedsRefresh(undefined, T)).toBe(true);
    expect(batchNeedsRefresh(fresh, T + 60_000)).toBe(false);
    expect(batchNeedsRefresh(fresh, T + 5 * 60_000)).toBe(true);
    let kept = fresh;
    for (let i = 0; i < 4; i++) kept = takeOfflineCode(kept, T).batch!;
    expect(batchNeedsRefresh(kept, T + 1_000)).toBe(true);
  });

  it('states the offline limits', () => {
    expect(offlineLimitText(batch.limits)).toBe('仅限查询及200元以内支付');
    expect(offlineLimitText({ businessTypes: ['query'], maxPaymentFen: 0, validForSeconds: 600 })).toBe('仅限查询');
  });
});

describe('money', () => {
  it('formats integer fen as yuan', () => {
    expect(formatFen(50_000)).toBe('¥500.00');
    expect(formatFen(1234)).toBe('¥12.34');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-1234)).toBe('-¥12.34');
    expect(fenToYuan(100)).toBe('1.00');
    expect(formatFenChange(-2_550)).toBe('-¥25.50');
    expect(formatFenChange(2_550)).toBe('+¥25.50');
  });
});
