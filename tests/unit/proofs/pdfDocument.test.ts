/**
 * The proofs' PDF writer: line wrapping (property-tested on the proof font's real widths) and
 * the file's structure, checked by hand where a lenient reader (pdf-lib rebuilds a broken cross-
 * reference table) would not notice: every xref offset lands on its object, every stream's
 * /Length is its length.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PdfDocument } from '../../../functions/proofs/pdfDocument.js';
import { TrueTypeFont } from '../../../functions/proofs/trueType.js';

const font = new TrueTypeFont(readFileSync(new URL('../../../functions/proofs/fonts/NotoSansSC-Regular.ttf', import.meta.url)));
const newDoc = () =>
  new PdfDocument(font, 'NotoSansSC-Regular', { width: 595.28, height: 841.89 }, { title: '标题', author: 'essc', subject: 's', creator: 'essc', date: new Date('2026-01-05T02:20:00Z'), lang: 'zh-CN' });

const NO_BREAK_BEFORE = '，。、；：？！）》」』】〉”’…·％,.;:?!)]}';
const NO_BREAK_AFTER = '（《「『【〈“‘([{';
// Text as proofs have it: CJK, Latin words and numbers, spaces, punctuation of both kinds.
const piece = fc.oneof(
  fc.constantFrom(...'社会保险缴费证明兹上述人员南京市参加期间的情况如下截至金额单位元'),
  fc.constantFrom('essc', 'Ed25519', '2016-01', '3,217.00', 'https://api.essc.example/v1/proofs/pf_x/verification', 'a1'),
  fc.constantFrom(' ', '  '),
  fc.constantFrom(...NO_BREAK_BEFORE, ...NO_BREAK_AFTER),
);
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
// The same without the URL: no unit wider than the lines below, so no line is cut.
const shortPieces = fc.array(piece.filter((p) => !p.startsWith('https')), { maxLength: 80 }).map((parts) => parts.join(''));

describe('PdfDocument.wrap', () => {
  const doc = newDoc();

  it('keeps every character in order, each line a piece of the text that fits the width', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(9, 10.5), fc.integer({ min: 60, max: 483 }), (t, size, width) => {
        const lines = doc.wrap(t, size, width);
        // Only spaces at a break (and at the ends) go.
        expect(lines.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
        for (const line of lines) {
          expect(t.includes(line)).toBe(true);
          expect(line.startsWith(' ')).toBe(false);
          // A line over the width is one cut character: nothing narrower exists.
          if (Array.from(line).length > 1) expect(doc.widthOf(line, size)).toBeLessThanOrEqual(width + 1e-6);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never starts a line with closing punctuation or ends one with opening punctuation, where a line is wide enough not to cut', () => {
    fc.assert(
      fc.property(shortPieces, fc.integer({ min: 200, max: 483 }), (t, width) => {
        const lines = doc.wrap(t, 9, width);
        lines.slice(1).forEach((line) => expect(NO_BREAK_BEFORE.includes(line[0]!), line).toBe(false));
        lines.slice(0, -1).forEach((line) => expect(NO_BREAK_AFTER.includes(line.at(-1)!), line).toBe(false));
      }),
      { numRuns: 400 },
    );
  });

  it('breaks between CJK characters and at spaces, not inside a word', () => {
    const width = doc.widthOf('社会保险缴费', 10);
    expect(doc.wrap('社会保险缴费证明', 10, width)).toEqual(['社会保险缴费', '证明']);
    expect(doc.wrap('社会保险缴费，证明', 10, width)).toEqual(['社会保险缴', '费，证明']);
    expect(doc.wrap('abc defgh', 10, doc.widthOf('abc defg', 10))).toEqual(['abc', 'defgh']);
    expect(doc.wrap('开具时间    机构', 10, 400)).toEqual(['开具时间    机构']);
    // Closing punctuation after a space still stays with what comes before.
    expect(doc.wrap('社会保险缴费 ）证明', 10, width)).toEqual(['社会保险缴', '费 ）证明']);
    // And opening punctuation before a space with what comes after.
    expect(doc.wrap('社会保险缴（ 费证明', 10, width)).toEqual(['社会保险缴', '（ 费证明']);
    expect(doc.wrap('', 10, 100)).toEqual(['']);
    // A unit cut where it must (fast-check found this one): its inner spaces go at the cut too.
    for (const line of doc.wrap('，;2016-01    ，', 10.5, 60)) expect(line).toBe(line.trim());
  });
});

describe('PdfDocument files', () => {
  function draw() {
    const doc = newDoc();
    doc.text('社会保险缴费证明', 56, 72, { size: 20, bold: true, align: 'center', width: 483, characterSpacing: 2 });
    doc.fillRects([{ x: 56, y: 100, w: 483, h: 17 }], '#ececec');
    doc.line(56, 117, 539, 117, 0.5, '#999999');
    doc.addPage();
    doc.text('第 2 页 essc', 56, 56, { size: 9, color: '#555555' });
    return doc.end();
  }

  it('has a cross-reference table whose every offset lands on its object, and streams of their stated length', () => {
    const bytes = draw();
    const text = bytes.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    const xref = text.slice(startxref);
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(xref)!.map(Number);
    expect(first).toBe(0);
    const entries = xref.split('\n').slice(2, 2 + count!);
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj\n`)).toBe(true);
    });
    expect(text).toContain(`/Size ${count}`);
    for (const m of text.matchAll(/\/Length (\d+) [^>]*>>\nstream\n/g)) {
      const start = m.index + m[0].length;
      expect(text.slice(start + Number(m[1]), start + Number(m[1]) + 10)).toBe('\nendstream');
    }
  });

  it('is the same bytes for the same drawing, and says two pages', () => {
    const a = draw();
    expect(a.equals(draw())).toBe(true);
    expect(a.toString('latin1')).toMatch(/\/Type \/Pages \/Count 2 /);
  });

  it('refuses a page that does not exist', () => {
    const doc = newDoc();
    doc.addPage();
    expect(() => doc.switchToPage(1)).toThrow(RangeError);
  });
});
