/**
 * The proof's PDF parsed back (pdf-lib): pages, the font embedded as a subset, the text (through
 * the font's ToUnicode map), the QR code rebuilt from the drawn squares and decoded (jsQR), and
 * the same document giving the same bytes.
 */
import { create as openFont, type Font } from 'fontkit';
import jsQRModule from 'jsqr';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSURANCE_TYPES } from '../../../functions/pension/contributions.rules.js';
import { insurancePart, type ProofDocument } from '../../../functions/proofs/proof.rules.js';
import { QR_ORIGIN, QR_SIZE, renderProofPdf } from '../../../functions/proofs/proofPdf.js';
import { contributionsProof, DOCUMENT_SHA256, PROOF_ID, proofBase, records, VERIFICATION_URL } from '../../support/proofDocuments.js';

// jsqr is CommonJS typed as an ES module: its default export is the module itself at run time.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

const ID = PROOF_ID;
const URL_ = VERIFICATION_URL;
const SHA = DOCUMENT_SHA256;
const base = proofBase;
const contributions = contributionsProof;
const all = records('2016-01', '2025-12');
const insurance: ProofDocument = {
  ...base,
  kind: 'insurance',
  insurance: insurancePart({
    records: all,
    asOfRecords: all.filter((r) => r.month === '2025-12'),
    since: Object.fromEntries(INSURANCE_TYPES.map((t) => [t, '2012-03'])),
    schemes: Object.fromEntries(INSURANCE_TYPES.map((t) => [t, 'employee' as const])),
  }),
};

interface Parsed {
  pdf: PDFDocument;
  pages: number;
  fonts: { baseFont: string; glyphs: number; programBytes: number; subtype: string }[];
  text: string;
  pageStreams: string[];
}

const lookup = (pdf: PDFDocument, o: PDFObject | undefined) => (o instanceof PDFRef ? pdf.context.lookup(o) : o);

function streamText(pdf: PDFDocument, o: PDFObject | undefined): string {
  const s = lookup(pdf, o);
  if (s instanceof PDFArray) return s.asArray().map((x) => streamText(pdf, x)).join('\n');
  if (s instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(s).decode()).toString('latin1');
  throw new Error('not a stream');
}

/** Glyph code (4 hex digits) → text, from a ToUnicode CMap's bfrange arrays and bfchar lines. */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const [, start, , list] of cmap.matchAll(/<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*\[([^\]]*)\]/g)) {
    // An entry is one or more UTF-16 units (a ligature's letters, a surrogate pair): <0066 0069>.
    [...list!.matchAll(/<([0-9a-fA-F ]+)>/g)].forEach(([, hex], i) => map.set((parseInt(start!, 16) + i).toString(16).padStart(4, '0'), utf16(hex!.replace(/ /g, ''))));
  }
  for (const [, code, hex] of cmap.matchAll(/<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>\s*$/gm)) map.set(code!.toLowerCase(), utf16(hex!));
  return map;
}

async function parse(bytes: Buffer): Promise<Parsed> {
  const pdf = await PDFDocument.load(bytes);
  const fonts: Parsed['fonts'] = [];
  let unicode = new Map<string, string>();
  for (const [, obj] of pdf.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font') || obj.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const descendant = lookup(pdf, (lookup(pdf, obj.get(PDFName.of('DescendantFonts'))) as PDFArray).get(0)) as PDFDict;
    const descriptor = lookup(pdf, descendant.get(PDFName.of('FontDescriptor'))) as PDFDict;
    const program = lookup(pdf, descriptor.get(PDFName.of('FontFile2'))) as PDFRawStream;
    const programBytes = Buffer.from(decodePDFRawStream(program).decode());
    const face = openFont(programBytes) as Font;
    fonts.push({ baseFont: obj.get(PDFName.of('BaseFont'))!.toString(), glyphs: face.numGlyphs, programBytes: programBytes.length, subtype: descendant.get(PDFName.of('Subtype'))!.toString() });
    unicode = toUnicodeMap(streamText(pdf, obj.get(PDFName.of('ToUnicode'))));
  }
  const pageStreams = pdf.getPages().map((p) => streamText(pdf, p.node.get(PDFName.of('Contents'))));
  const text = pageStreams
    .flatMap((s) => [...s.matchAll(/\[([^\]]*)\]\s*TJ/g)].map(([, arr]) => [...arr!.matchAll(/<([0-9a-fA-F]+)>/g)].map(([, hex]) => hex!.match(/.{4}/g)!.map((c) => unicode.get(c.toLowerCase()) ?? '?').join('')).join('')))
    .join('\n');
  return { pdf, pages: pdf.getPageCount(), fonts, text, pageStreams };
}

/** The QR code drawn on page 1 (its filled squares in the QR's box), rasterised and decoded. */
function decodeQr(pageStream: string): string | undefined {
  const rects = [...pageStream.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
    .map(([, x, y, w, h]) => ({ x: Number(x), y: Number(y), w: Number(w), h: Number(h) }))
    .filter((r) => r.x >= QR_ORIGIN.x - 0.01 && r.y >= QR_ORIGIN.y - 0.01 && r.y < QR_ORIGIN.y + QR_SIZE);
  const s = Math.min(...rects.map((r) => r.h));
  const n = Math.round(QR_SIZE / s);
  const quiet = 4;
  const px = 4;
  const side = (n + 2 * quiet) * px;
  const image = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const r of rects) {
    const row = Math.round((r.y - QR_ORIGIN.y) / s);
    const col0 = Math.round((r.x - QR_ORIGIN.x) / s);
    const cols = Math.round(r.w / s);
    for (let col = col0; col < col0 + cols; col++) {
      for (let dy = 0; dy < px; dy++) for (let dx = 0; dx < px; dx++) {
        const i = (((row + quiet) * px + dy) * side + (col + quiet) * px + dx) * 4;
        image[i] = image[i + 1] = image[i + 2] = 0;
      }
    }
  }
  return jsQR(image, side, side)?.data;
}

let c: { bytes: Buffer; parsed: Parsed };
let i: { bytes: Buffer; parsed: Parsed };

beforeAll(async () => {
  for (const [doc, set] of [
    [contributions, (v: typeof c) => (c = v)],
    [insurance, (v: typeof c) => (i = v)],
  ] as const) {
    const bytes = await renderProofPdf(doc, { verificationUrl: URL_, sha256: SHA });
    set({ bytes, parsed: await parse(bytes) });
  }
}, 30_000);

describe('the proof PDF', () => {
  it('is a PDF of A4 pages: one for an insurance proof, a few for 10 years of contributions', () => {
    expect(c.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(i.parsed.pages).toBe(1);
    expect(c.parsed.pages).toBeGreaterThanOrEqual(3);
    expect(c.parsed.pages).toBeLessThanOrEqual(5);
    for (const page of c.parsed.pdf.getPages()) expect([Math.round(page.getWidth()), Math.round(page.getHeight())]).toEqual([595, 842]);
    expect(c.parsed.pdf.getTitle()).toBe(`社会保险缴费证明 ${ID}`);
    // Small: the font is 10 MB, the PDF carries only its glyphs.
    expect(c.bytes.length).toBeLessThan(120_000);
    expect(i.bytes.length).toBeLessThan(80_000);
  });

  it('embeds one font, Noto Sans SC, as a subset: a tagged name and only the glyphs used', () => {
    for (const { parsed } of [c, i]) {
      expect(parsed.fonts).toHaveLength(1);
      const [font] = parsed.fonts;
      expect(font!.baseFont).toMatch(/^\/[A-Z]{6}\+NotoSansSC-Regular$/);
      expect(font!.subtype).toBe('/CIDFontType2');
      expect(font!.glyphs).toBeLessThan(400);
      expect(font!.programBytes).toBeLessThan(200_000);
    }
  });

  it('says what the document says, in Chinese', () => {
    for (const text of [c.parsed.text, i.parsed.text]) {
      for (const s of [ID, '姓名：欧***', '公民身份号码：3201**********1234', '参保地：南京市', '证明期间：2016-01 至 2026-01', '开具时间：2026-01-05 10:20（北京时间）', SHA, 'essc 电子社保卡平台']) {
        expect(text).toContain(s);
      }
      expect(text).toContain('核验方式');
      // Wrapped over two lines.
      expect(text.replace(/\n/g, '')).toContain(URL_);
    }
    expect(c.parsed.text).toContain('社会保险缴费证明');
    expect(c.parsed.text).toContain('2016-01');
    expect(c.parsed.text).toContain('2025-12');
    expect(c.parsed.text).toContain('第 1 页 / 共');
    expect(i.parsed.text).toContain('社会保险参保证明');
    expect(i.parsed.text).toContain('基本养老保险');
    expect(i.parsed.text).toContain('城镇职工');
  });

  it('carries a QR code that decodes to the verification URL', () => {
    expect(decodeQr(c.parsed.pageStreams[0]!)).toBe(URL_);
    expect(decodeQr(i.parsed.pageStreams[0]!)).toBe(URL_);
  });

  it('is the same bytes for the same document (a PDF hash means something)', async () => {
    const again = await renderProofPdf(contributions, { verificationUrl: URL_, sha256: SHA });
    expect(again.equals(c.bytes)).toBe(true);
    const other = await renderProofPdf({ ...contributions, holder: { ...contributions.holder, maskedName: '王**' } }, { verificationUrl: URL_, sha256: SHA });
    expect(other.equals(c.bytes)).toBe(false);
  });

  it('prints a character the font lacks (CJK Extension B) as 〓, and any name of the register’s characters as is', async () => {
    const rare = await parse(await renderProofPdf({ ...insurance, holder: { ...insurance.holder, maskedName: '𠀾䶮*' } }, { verificationUrl: URL_, sha256: SHA }));
    expect(rare.text).toContain('姓名：〓䶮*');
  });

  it('tells a reader its language (zh-CN, for screen readers) and to show its title', () => {
    for (const { parsed } of [c, i]) {
      const catalog = parsed.pdf.catalog;
      expect(catalog.get(PDFName.of('Lang'))?.toString()).toBe('(zh-CN)');
      const prefs = lookup(parsed.pdf, catalog.get(PDFName.of('ViewerPreferences'))) as PDFDict;
      expect(prefs.get(PDFName.of('DisplayDocTitle'))?.toString()).toBe('true');
    }
  });
});
