/**
 * The proof font read as a TrueType file: which characters it has (its Unicode cmap), how wide
 * each glyph is, and a subset holding only the glyphs one proof uses, for embedding in the PDF
 * (a proof uses ~300 of the font's 30,898 glyphs: ~90 KB instead of 10 MB).
 *
 * Why not fontkit (with PDFKit): it is 229 KiB of bundle for shaping, OpenType layout, WOFF and
 * CFF that a proof never uses, and it made the proof download the one handler over 100 ms to
 * import. What a CJK proof needs from a glyf-outline font is small: the cmap, the metrics, and
 * a subset that keeps composite glyphs' parts. tests/unit/proofs/trueType.test.ts checks every
 * answer against fontkit's (kept as a dev dependency for that) and the subset's outlines
 * against the original's, on the proof font and on Liberation Sans (composite glyphs, short
 * loca, format 4 cmap, hinting tables), which Debian's chromium brings (fonts-liberation),
 * and on a rewrite of it whose composites carry each kind of transform.
 */

interface Table {
  offset: number;
  length: number;
}

// Composite glyph flags (OpenType `glyf` spec).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** The tables a PDF's embedded TrueType font needs (ISO 32000 §9.9): outlines, metrics, hinting. */
const SUBSET_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'];

export class TrueTypeFont {
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  readonly bbox: [number, number, number, number];
  readonly capHeight: number;
  readonly xHeight: number;
  readonly numGlyphs: number;
  private readonly tables = new Map<string, Table>();
  private readonly numberOfHMetrics: number;
  private readonly longLoca: boolean;
  /** Code point → glyph, from the font's Unicode cmap. */
  private readonly lookup: (codePoint: number) => number;

  constructor(private readonly bytes: Buffer) {
    const version = bytes.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565) throw new Error('not a TrueType font (glyf outlines)');
    for (let i = 0, n = bytes.readUInt16BE(4); i < n; i++) {
      const record = 12 + 16 * i;
      this.tables.set(bytes.toString('latin1', record, record + 4), { offset: bytes.readUInt32BE(record + 8), length: bytes.readUInt32BE(record + 12) });
    }
    const head = this.table('head').offset;
    this.unitsPerEm = bytes.readUInt16BE(head + 18);
    this.bbox = [bytes.readInt16BE(head + 36), bytes.readInt16BE(head + 38), bytes.readInt16BE(head + 40), bytes.readInt16BE(head + 42)];
    this.longLoca = bytes.readInt16BE(head + 50) === 1;
    const hhea = this.table('hhea').offset;
    this.ascender = bytes.readInt16BE(hhea + 4);
    this.descender = bytes.readInt16BE(hhea + 6);
    this.lineGap = bytes.readInt16BE(hhea + 8);
    this.numberOfHMetrics = bytes.readUInt16BE(hhea + 34);
    this.numGlyphs = bytes.readUInt16BE(this.table('maxp').offset + 4);
    const os2 = this.tables.get('OS/2');
    // sCapHeight and sxHeight exist from OS/2 version 2 on.
    const heights = os2 && bytes.readUInt16BE(os2.offset) >= 2;
    this.capHeight = heights ? bytes.readInt16BE(os2.offset + 88) : this.ascender;
    this.xHeight = heights ? bytes.readInt16BE(os2.offset + 86) : 0;
    this.lookup = this.unicodeCmap();
  }

  private table(tag: string): Table {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t;
  }

  /**
   * The font's Unicode cmap: the full-Unicode subtable (platform 3, encoding 10, format 12), which
   * CJK fonts carry, else the BMP one (3, 1, format 4).
   */
  private unicodeCmap(): (codePoint: number) => number {
    const cmap = this.table('cmap').offset;
    const b = this.bytes;
    const subtables = new Map<string, number>();
    for (let i = 0, n = b.readUInt16BE(cmap + 2); i < n; i++) {
      const record = cmap + 4 + 8 * i;
      const sub = cmap + b.readUInt32BE(record + 4);
      subtables.set(`${b.readUInt16BE(record)},${b.readUInt16BE(record + 2)},${b.readUInt16BE(sub)}`, sub);
    }
    const full = subtables.get('3,10,12');
    if (full !== undefined) return format12(b, full);
    const bmp = subtables.get('3,1,4');
    if (bmp !== undefined) return format4(b, bmp);
    throw new Error('font has no Unicode cmap (3,10 format 12 or 3,1 format 4)');
  }

  /** The glyph of a code point, 0 (.notdef) when the font lacks it. */
  glyphFor(codePoint: number): number {
    return this.lookup(codePoint);
  }

  /** A glyph's advance width in font units. */
  advance(glyph: number): number {
    const hmtx = this.table('hmtx').offset;
    return this.bytes.readUInt16BE(hmtx + 4 * Math.min(glyph, this.numberOfHMetrics - 1));
  }

  private leftSideBearing(glyph: number): number {
    const hmtx = this.table('hmtx').offset;
    return glyph < this.numberOfHMetrics ? this.bytes.readInt16BE(hmtx + 4 * glyph + 2) : this.bytes.readInt16BE(hmtx + 4 * this.numberOfHMetrics + 2 * (glyph - this.numberOfHMetrics));
  }

  private glyphData(glyph: number): Buffer {
    const loca = this.table('loca').offset;
    const at = (i: number) => (this.longLoca ? this.bytes.readUInt32BE(loca + 4 * i) : 2 * this.bytes.readUInt16BE(loca + 2 * i));
    const glyf = this.table('glyf').offset;
    return this.bytes.subarray(glyf + at(glyph), glyf + at(glyph + 1));
  }

  /**
   * A font with only these glyphs (and the parts of composite ones), renumbered in order from 1
   * after .notdef. Returns the file and each original glyph's new number, which is its CID in the
   * PDF (CIDToGIDMap /Identity).
   */
  subset(glyphs: Iterable<number>): { bytes: Buffer; newGlyph: Map<number, number> } {
    const order = [0];
    const newGlyph = new Map<number, number>([[0, 0]]);
    const take = (g: number) => {
      if (!newGlyph.has(g)) newGlyph.set(g, order.push(g) - 1);
    };
    for (const g of glyphs) take(g);
    const data: Buffer[] = [];
    // `order` grows while walked: a composite's parts join the end.
    for (let i = 0; i < order.length; i++) {
      const original = this.glyphData(order[i]!);
      const copy = Buffer.from(original);
      if (copy.length >= 10 && copy.readInt16BE(0) < 0) {
        let p = 10;
        for (let flags = MORE_COMPONENTS; flags & MORE_COMPONENTS; ) {
          flags = copy.readUInt16BE(p);
          const part = copy.readUInt16BE(p + 2);
          take(part);
          copy.writeUInt16BE(newGlyph.get(part)!, p + 2);
          p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
          p += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
        }
      }
      data.push(copy, Buffer.alloc((4 - (copy.length % 4)) % 4));
    }
    const n = order.length;
    const glyf = Buffer.concat(data);
    const loca = Buffer.alloc(4 * (n + 1));
    for (let i = 0, offset = 0; i < n; i++) {
      loca.writeUInt32BE(offset, 4 * i);
      offset += data[2 * i]!.length + data[2 * i + 1]!.length;
      loca.writeUInt32BE(offset, 4 * (i + 1));
    }
    const hmtx = Buffer.alloc(4 * n);
    order.forEach((g, i) => {
      hmtx.writeUInt16BE(this.advance(g), 4 * i);
      hmtx.writeInt16BE(this.leftSideBearing(g), 4 * i + 2);
    });
    const copyOf = (tag: string) => Buffer.from(this.bytes.subarray(this.table(tag).offset, this.table(tag).offset + this.table(tag).length));
    const head = copyOf('head');
    head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
    head.writeInt16BE(1, 50); // indexToLocFormat: long offsets
    const hhea = copyOf('hhea');
    hhea.writeUInt16BE(n, 34);
    const maxp = copyOf('maxp');
    maxp.writeUInt16BE(n, 4);
    const built: Record<string, Buffer> = { glyf, head, hhea, hmtx, loca, maxp };
    const tables = SUBSET_TABLES.filter((tag) => built[tag] || this.tables.has(tag)).map((tag) => ({ tag, data: built[tag] ?? copyOf(tag) }));
    const { bytes, offsets } = sfnt(tables);
    // The whole file sums to 0xB1B0AFBA (OpenType `head`).
    bytes.writeUInt32BE((0xb1b0afba - checksum(bytes)) >>> 0, offsets.get('head')! + 8);
    return { bytes, newGlyph };
  }
}

/** cmap format 12: sequential groups [startChar, endChar, startGlyph], searched by halves. */
function format12(b: Buffer, sub: number): (codePoint: number) => number {
  const count = b.readUInt32BE(sub + 12);
  const groups = new Uint32Array(count * 3);
  for (let g = 0; g < count * 3; g++) groups[g] = b.readUInt32BE(sub + 16 + 4 * g);
  return (codePoint) => {
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = groups[mid * 3]!;
      if (codePoint < start) hi = mid - 1;
      else if (codePoint > groups[mid * 3 + 1]!) lo = mid + 1;
      else return groups[mid * 3 + 2]! + (codePoint - start);
    }
    return 0;
  };
}

/** cmap format 4: BMP segments with a delta or an offset into the glyph id array. */
function format4(b: Buffer, sub: number): (codePoint: number) => number {
  const segments = b.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b.readUInt16BE(ends + 2 * mid) < codePoint) lo = mid + 1;
      else hi = mid;
    }
    const start = b.readUInt16BE(starts + 2 * lo);
    if (codePoint < start || codePoint > b.readUInt16BE(ends + 2 * lo)) return 0;
    const delta = b.readUInt16BE(deltas + 2 * lo);
    const rangeOffset = b.readUInt16BE(rangeOffsets + 2 * lo);
    if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
    const glyph = b.readUInt16BE(rangeOffsets + 2 * lo + rangeOffset + 2 * (codePoint - start));
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** An sfnt file of these tables (in tag order, as the directory requires), each 4-byte aligned. */
function sfnt(tables: { tag: string; data: Buffer }[]): { bytes: Buffer; offsets: Map<string, number> } {
  const n = tables.length;
  const power = 2 ** Math.floor(Math.log2(n));
  const directory = Buffer.alloc(12 + 16 * n);
  directory.writeUInt32BE(0x00010000, 0);
  directory.writeUInt16BE(n, 4);
  directory.writeUInt16BE(power * 16, 6);
  directory.writeUInt16BE(Math.log2(power), 8);
  directory.writeUInt16BE(n * 16 - power * 16, 10);
  const parts: Buffer[] = [directory];
  const offsets = new Map<string, number>();
  let offset = directory.length;
  tables.forEach(({ tag, data }, i) => {
    const record = 12 + 16 * i;
    directory.write(tag, record, 'latin1');
    directory.writeUInt32BE(checksum(data), record + 4);
    directory.writeUInt32BE(offset, record + 8);
    offsets.set(tag, offset);
    directory.writeUInt32BE(data.length, record + 12);
    const pad = Buffer.alloc((4 - (data.length % 4)) % 4);
    parts.push(data, pad);
    offset += data.length + pad.length;
  });
  return { bytes: Buffer.concat(parts), offsets };
}
