/**
 * The proofs' TrueType reader and subsetter against fontkit (an independent implementation):
 * the same glyph for every code point, the same widths and metrics, and a subset whose glyphs
 * draw the same outlines. Two fonts: the proof font (format 12 cmap, long loca, no composite
 * glyphs) and Liberation Sans, which Debian's chromium brings (fonts-liberation, a dependency
 * of chromium-common; bootstrap installs chromium before the tests): format 4 cmap, short loca,
 * composite glyphs, hinting tables. And a rewrite of Liberation Sans whose composites carry each
 * kind of transform (scale, x and y scale, 2×2), which no font here has enough of.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { create as openFont, type Font, type Glyph } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { TrueTypeFont } from '../../../functions/proofs/trueType.js';

const PROOF_FONT = new URL('../../../functions/proofs/fonts/NotoSansSC-Regular.ttf', import.meta.url);
const LIBERATION = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf';

const fonts = [
  { name: 'Noto Sans SC (the proof font)', bytes: readFileSync(PROOF_FONT), sample: '社会保险缴费证明欧阳䶮〓：（）“有效”essc 2016-01 ¥1,234.56·' },
  { name: 'Liberation Sans', bytes: readFileSync(LIBERATION), sample: 'éÅǘāǖçñ Ça va? fi ﬁ Ω' },
];

// Code points to try: anywhere in Unicode, and more often where fonts have glyphs.
const codePoint = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }),
  fc.integer({ min: 0x20, max: 0x24f }),
  fc.integer({ min: 0x3000, max: 0x9fff }),
  fc.integer({ min: 0xf900, max: 0xffff }),
);

/** The sum a whole sfnt file and each table must have (OpenType `head`, table directory). */
function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** A glyph's horizontal metrics as fontkit reads them from hmtx (advance and left side bearing). */
const metrics = (g: Glyph) => {
  const m = (g as unknown as { _getMetrics(): { advanceWidth: number; leftBearing: number } })._getMetrics();
  return { advanceWidth: m.advanceWidth, leftBearing: m.leftBearing };
};

/**
 * Liberation Sans with every composite glyph's components rewritten to word offsets and, in
 * turn, no transform, one scale (0.75), an x and y scale (0.5, 1.25) or a 2×2 matrix: the
 * flags no font on this machine has enough of (DejaVu Sans Mono has one x-and-y scale). The
 * glyf and loca are rebuilt (long offsets); every other table is copied. fontkit draws the
 * result with the transforms applied, independently of our reader.
 */
function withScaledComposites(bytes: Buffer): { bytes: Buffer; variants: number[] } {
  const tables = new Map<string, Buffer>();
  for (let i = 0, n = bytes.readUInt16BE(4); i < n; i++) {
    const r = 12 + 16 * i;
    const offset = bytes.readUInt32BE(r + 8);
    tables.set(bytes.toString('latin1', r, r + 4), Buffer.from(bytes.subarray(offset, offset + bytes.readUInt32BE(r + 12))));
  }
  const head = tables.get('head')!;
  const loca = tables.get('loca')!;
  const glyf = tables.get('glyf')!;
  const numGlyphs = tables.get('maxp')!.readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const at = (i: number) => (longLoca ? loca.readUInt32BE(4 * i) : 2 * loca.readUInt16BE(2 * i));
  const f2dot14 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(Math.round(v * 16384)); return b; };
  const transforms = [[], [0.75], [0.5, 1.25], [1, 0.25, 0, 1]];
  const variants = [0, 0, 0, 0];
  const glyphs: Buffer[] = [];
  for (let g = 0; g < numGlyphs; g++) {
    const data = glyf.subarray(at(g), at(g + 1));
    if (data.length < 10 || data.readInt16BE(0) >= 0) {
      glyphs.push(data);
      continue;
    }
    const parts: Buffer[] = [data.subarray(0, 10)];
    let p = 10;
    let flags = 0x0020;
    for (let k = 0; flags & 0x0020; k++) {
      flags = data.readUInt16BE(p);
      const part = data.readUInt16BE(p + 2);
      const words = flags & 0x0001;
      const arg = (i: number) => (words ? data.readInt16BE(p + 4 + 2 * i) : flags & 0x0002 ? data.readInt8(p + 4 + i) : data.readUInt8(p + 4 + i));
      const args = [arg(0), arg(1)];
      p += 4 + (words ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
      const variant = (g + k) % 4;
      variants[variant]!++;
      const newFlags = (flags & ~(0x0008 | 0x0040 | 0x0080)) | 0x0001 | [0, 0x0008, 0x0040, 0x0080][variant]!;
      const head = Buffer.alloc(8);
      head.writeUInt16BE(newFlags, 0);
      head.writeUInt16BE(part, 2);
      if (flags & 0x0002) { head.writeInt16BE(args[0]!, 4); head.writeInt16BE(args[1]!, 6); } else { head.writeUInt16BE(args[0]!, 4); head.writeUInt16BE(args[1]!, 6); }
      parts.push(head, ...transforms[variant]!.map(f2dot14));
    }
    if (flags & 0x0100) parts.push(data.subarray(p, p + 2 + data.readUInt16BE(p)));
    const glyph = Buffer.concat(parts);
    glyphs.push(Buffer.concat([glyph, Buffer.alloc(glyph.length % 2)]));
  }
  const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
  glyphs.reduce((offset, glyph, i) => (newLoca.writeUInt32BE(offset + glyph.length, 4 * (i + 1)), offset + glyph.length), 0);
  tables.set('glyf', Buffer.concat(glyphs));
  tables.set('loca', newLoca);
  head.writeInt16BE(1, 50);
  // The sfnt file: the directory, then each table 4-aligned (fontkit does not check sums).
  const tags = [...tables.keys()].sort();
  const directory = Buffer.alloc(12 + 16 * tags.length);
  directory.writeUInt32BE(0x00010000, 0);
  directory.writeUInt16BE(tags.length, 4);
  const body: Buffer[] = [];
  let offset = directory.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    directory.write(tag, 12 + 16 * i, 'latin1');
    directory.writeUInt32BE(offset, 12 + 16 * i + 8);
    directory.writeUInt32BE(data.length, 12 + 16 * i + 12);
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    body.push(padded);
    offset += padded.length;
  });
  return { bytes: Buffer.concat([directory, ...body]), variants };
}

describe.each(fonts)('TrueType: $name', ({ bytes, sample }) => {
  const ours = new TrueTypeFont(bytes);
  const theirs = openFont(bytes) as Font;

  it('has the metrics fontkit reads', () => {
    expect(ours.unitsPerEm).toBe(theirs.unitsPerEm);
    expect(ours.ascender).toBe(theirs.ascent);
    expect(ours.descender).toBe(theirs.descent);
    expect(ours.lineGap).toBe(theirs.lineGap);
    expect(ours.capHeight).toBe(theirs.capHeight);
    expect(ours.xHeight).toBe(theirs.xHeight);
    expect(ours.numGlyphs).toBe(theirs.numGlyphs);
    const b = theirs.bbox;
    expect(ours.bbox).toEqual([b.minX, b.minY, b.maxX, b.maxY]);
  });

  it('maps every code point to the glyph fontkit maps it to, with its width', () => {
    fc.assert(
      fc.property(codePoint, (cp) => {
        const glyph = theirs.glyphForCodePoint(cp);
        expect(ours.glyphFor(cp)).toBe(glyph.id);
        expect(ours.advance(glyph.id)).toBe(glyph.advanceWidth);
      }),
      { numRuns: 3000 },
    );
  });

  it('subsets to the glyphs asked for (and the parts of composite ones), drawing the same outlines', () => {
    const glyphs = [...new Set(Array.from(sample, (ch) => ours.glyphFor(ch.codePointAt(0)!)).filter((g) => g !== 0))];
    const { bytes: subsetBytes, newGlyph } = ours.subset(glyphs);
    // .notdef, then the glyphs in the order given, then any parts.
    glyphs.forEach((g, i) => expect(newGlyph.get(g)).toBe(i + 1));
    expect(newGlyph.get(0)).toBe(0);
    const subset = openFont(subsetBytes) as Font;
    expect(subset.numGlyphs).toBe(newGlyph.size);
    expect(new Set(newGlyph.values()).size).toBe(newGlyph.size);
    for (const [original, renumbered] of newGlyph) {
      const a = theirs.getGlyph(original);
      const b = subset.getGlyph(renumbered);
      expect(b.path.toSVG(), `glyph ${original}`).toBe(a.path.toSVG());
      expect(metrics(b), `glyph ${original}`).toEqual(metrics(a));
    }
    // The file and each table carry their checksums.
    expect(checksum(subsetBytes)).toBe(0xb1b0afba);
    for (let i = 0, n = subsetBytes.readUInt16BE(4); i < n; i++) {
      const record = 12 + 16 * i;
      const offset = subsetBytes.readUInt32BE(record + 8);
      const table = subsetBytes.subarray(offset, offset + subsetBytes.readUInt32BE(record + 12));
      if (subsetBytes.toString('latin1', record, record + 4) !== 'head') expect(checksum(table)).toBe(subsetBytes.readUInt32BE(record + 4));
    }
  });
});

describe('TrueType subsets', () => {
  it("take a composite glyph's parts though only the composite was asked for", () => {
    const liberation = new TrueTypeFont(readFileSync(LIBERATION));
    const theirs = openFont(readFileSync(LIBERATION)) as Font;
    const eAcute = liberation.glyphFor(0xe9);
    // é is drawn from e and the acute accent in Liberation Sans.
    const parts = (theirs.getGlyph(eAcute) as unknown as { _decode(): { components?: { glyphID: number }[] } })._decode().components!.map((c) => c.glyphID);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const { newGlyph } = liberation.subset([eAcute]);
    expect([...newGlyph.keys()].sort((a, b) => a - b)).toEqual([0, eAcute, ...parts].sort((a, b) => a - b));
  });

  it('of every glyph of Liberation Sans (269 composites, with byte and word offsets) draw every glyph the same', () => {
    const bytes = readFileSync(LIBERATION);
    const liberation = new TrueTypeFont(bytes);
    const theirs = openFont(bytes) as Font;
    // In reverse, so that parts are renumbered away from their original numbers.
    const all = Array.from({ length: liberation.numGlyphs - 1 }, (_, i) => liberation.numGlyphs - 1 - i);
    const { bytes: subsetBytes, newGlyph } = liberation.subset(all);
    const subset = openFont(subsetBytes) as Font;
    for (const g of all) {
      expect(subset.getGlyph(newGlyph.get(g)!).path.toSVG(), `glyph ${g}`).toBe(theirs.getGlyph(g).path.toSVG());
      expect(metrics(subset.getGlyph(newGlyph.get(g)!)), `glyph ${g}`).toEqual(metrics(theirs.getGlyph(g)));
    }
  });

  it('keep the parts of composites with a scale, an x and y scale or a 2×2 matrix, drawing every glyph the same', () => {
    const { bytes, variants } = withScaledComposites(readFileSync(LIBERATION));
    // Each transform stands in the font many times, so a wrong length for any of them misreads what follows.
    for (const count of variants) expect(count).toBeGreaterThan(50);
    const scaled = new TrueTypeFont(bytes);
    const theirs = openFont(bytes) as Font;
    const original = openFont(readFileSync(LIBERATION)) as Font;
    const eAcute = scaled.glyphFor(0xe9);
    // The transforms are live: fontkit draws the rewritten é differently from Liberation's own.
    expect(theirs.getGlyph(eAcute).path.toSVG()).not.toBe(original.getGlyph(eAcute).path.toSVG());
    const all = Array.from({ length: scaled.numGlyphs - 1 }, (_, i) => scaled.numGlyphs - 1 - i);
    const { bytes: subsetBytes, newGlyph } = scaled.subset(all);
    const subset = openFont(subsetBytes) as Font;
    for (const g of all) expect(subset.getGlyph(newGlyph.get(g)!).path.toSVG(), `glyph ${g}`).toBe(theirs.getGlyph(g).path.toSVG());
  });

  it('are small: a proof-sized set of CJK glyphs is a few tens of kilobytes of a 10 MB font', () => {
    const noto = new TrueTypeFont(readFileSync(PROOF_FONT));
    const text = '兹证明上述人员在南京市参加社会保险期间的参保情况如下截至险种参保类别状态首次缴费月数其中欠费基本养老医疗失业工伤生育';
    const { bytes } = noto.subset(new Set(Array.from(text, (ch) => noto.glyphFor(ch.codePointAt(0)!))));
    expect(bytes.length).toBeLessThan(40_000);
  });

  it('refuse what is not a TrueType font', () => {
    expect(() => new TrueTypeFont(Buffer.from('OTTO' + '\0'.repeat(60), 'latin1'))).toThrow(/not a TrueType font/);
  });
});
