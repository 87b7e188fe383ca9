/**
 * A small PDF writer for the proofs: pages of text in one embedded TrueType font (a subset, as
 * a CIDFontType2 with Identity-H encoding and a ToUnicode map, so the text can be searched and
 * copied), filled rectangles and lines. Coordinates are in points from the top-left corner.
 *
 * Why not PDFKit: with fontkit it was 356 KiB of the proof download's 716 KiB bundle, and that
 * handler the slowest to import (102-115 ms). A proof needs text lines, wrapping, rectangles and
 * rules, which ISO 32000's operators give in 250 lines. The output is read back by independent
 * readers in tests/unit/proofs/proofPdf.test.ts: pdf-lib (structure, text through the ToUnicode
 * map), fontkit (the embedded font) and jsQR (the QR code).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { TrueTypeFont } from './trueType.js';

export interface TextOptions {
  size: number;
  /** `#rrggbb`; default black. */
  color?: string;
  /** With `align`, the box the line is aligned in; the text is not clipped to it. */
  width?: number;
  align?: 'left' | 'center' | 'right';
  /** Extra points after each character. */
  characterSpacing?: number;
  /** Outlines filled and stroked (0.35 pt): bold from the one weight embedded. */
  bold?: boolean;
}

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  creator: string;
  /** Creation and modification date: from the document, so that the same document gives the same bytes. */
  date: Date;
  lang: string;
}

/** A number as PDF writes it: at most 3 decimals, no exponent, no -0. */
const num = (n: number) => {
  const s = n.toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};
const rgb = (hex: string) => [1, 3, 5].map((i) => num(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
/** A text string as UTF-16BE with its byte-order mark, in hex (PDF text strings, §7.9.2.2). */
const textString = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

// No line break before these (closing punctuation) or after these (opening), per Chinese typesetting (GB/T 15834).
const NO_BREAK_BEFORE = new Set('，。、；：？！）》」』】〉”’…·％,.;:?!)]}');
const NO_BREAK_AFTER = new Set('（《「『【〈“‘([{');
// Ideographs, kana, CJK punctuation and full-width forms: a line may break between any two of them.
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]/u;

export class PdfDocument {
  private readonly pages: string[][] = [];
  private current = -1;
  /** Glyph → CID, in order of first use (the subset numbers its glyphs the same way). */
  private readonly cids = new Map<number, number>();
  private readonly cidText = new Map<number, string>();

  constructor(
    private readonly font: TrueTypeFont,
    private readonly fontName: string,
    private readonly size: { width: number; height: number },
    private readonly info: DocumentInfo,
  ) {}

  get pageCount(): number {
    return this.pages.length;
  }

  addPage(): void {
    // Flip the y axis once per page: everything after is drawn from the top-left corner.
    this.pages.push([`1 0 0 -1 0 ${num(this.size.height)} cm`]);
    this.current = this.pages.length - 1;
  }

  switchToPage(index: number): void {
    if (index < 0 || index >= this.pages.length) throw new RangeError(`no page ${index}`);
    this.current = index;
  }

  private draw(op: string): void {
    if (this.current < 0) this.addPage();
    this.pages[this.current]!.push(op);
  }

  /** Filled rectangles in one colour (one path, one fill). */
  fillRects(rects: readonly { x: number; y: number; w: number; h: number }[], color: string): void {
    if (rects.length === 0) return;
    this.draw(`${rgb(color)} rg\n${rects.map((r) => `${num(r.x)} ${num(r.y)} ${num(r.w)} ${num(r.h)} re`).join('\n')}\nf`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, color: string): void {
    this.draw(`${num(width)} w ${rgb(color)} RG ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
  }

  /** Height of one line of text at this size (the font's ascender to descender, plus its line gap). */
  lineHeight(size: number): number {
    return ((this.font.ascender - this.font.descender + this.font.lineGap) / this.font.unitsPerEm) * size;
  }

  widthOf(text: string, size: number, characterSpacing = 0): number {
    let units = 0;
    let count = 0;
    for (const ch of text) {
      units += this.font.advance(this.font.glyphFor(ch.codePointAt(0)!));
      count++;
    }
    return (units / this.font.unitsPerEm) * size + characterSpacing * count;
  }

  /** One line of text whose top is at `y`. */
  text(text: string, x: number, y: number, o: TextOptions): void {
    const width = this.widthOf(text, o.size, o.characterSpacing);
    const left = o.align === 'center' ? x + ((o.width ?? width) - width) / 2 : o.align === 'right' ? x + (o.width ?? width) - width : x;
    const baseline = y + (this.font.ascender / this.font.unitsPerEm) * o.size;
    let hex = '';
    for (const ch of text) {
      const glyph = this.font.glyphFor(ch.codePointAt(0)!);
      let cid = this.cids.get(glyph);
      if (cid === undefined) {
        cid = glyph === 0 ? 0 : this.cids.size + 1;
        if (glyph !== 0) this.cids.set(glyph, cid);
      }
      if (!this.cidText.has(cid)) this.cidText.set(cid, ch);
      hex += cid.toString(16).padStart(4, '0');
    }
    const color = rgb(o.color ?? '#000000');
    const bold = o.bold ? `2 Tr 0.35 w ${color} RG ` : '';
    // The text matrix flips y back, so glyphs stand upright on the flipped page.
    this.draw(`q ${color} rg BT /F1 ${num(o.size)} Tf ${num(o.characterSpacing ?? 0)} Tc ${bold}1 0 0 -1 ${num(left)} ${num(baseline)} Tm [<${hex}>] TJ ET Q`);
  }

  /**
   * The lines `text` wraps into at `width`: between any two CJK characters and at spaces, never
   * before closing or after opening punctuation; a word wider than the line is cut.
   */
  wrap(text: string, size: number, width: number): string[] {
    // Units that stay on one line, each with the spaces before it (kept inside a line, dropped at
    // a break). Closing punctuation joins what is before it and opening punctuation what follows,
    // spaces between or not (as UAX #14 rules LB13 and LB14 have it).
    const units: { text: string; space: string }[] = [];
    let space = '';
    let glueNext = false;
    for (const ch of text) {
      if (ch === ' ') {
        space += ch;
        continue;
      }
      const last = units[units.length - 1];
      const word = !CJK.test(ch) && last !== undefined && !CJK.test(last.text.slice(-1)) && !NO_BREAK_AFTER.has(last.text.slice(-1));
      if (last && (glueNext || NO_BREAK_BEFORE.has(ch) || (space === '' && word))) last.text += space + ch;
      else units.push({ text: ch, space });
      space = '';
      glueNext = NO_BREAK_AFTER.has(ch);
    }
    const lines: string[] = [];
    let line = '';
    const fits = (s: string) => this.widthOf(s, size) <= width + 1e-6;
    for (const unit of units) {
      const joined = line === '' ? unit.text : `${line}${unit.space}${unit.text}`;
      if (fits(joined)) {
        line = joined;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      // A unit wider than a whole line (a long URL): cut it where it must.
      for (const ch of unit.text) {
        if (line !== '' && !fits(line + ch)) {
          lines.push(line.trimEnd());
          line = '';
        }
        // Spaces glued inside a unit (before closing punctuation) still go at a break.
        if (line !== '' || ch !== ' ') line += ch;
      }
    }
    if (line !== '' || lines.length === 0) lines.push(line);
    return lines;
  }

  /** The file. Objects: 1 catalog, 2 page tree, 3 info, 4-8 the font, then each page and its content. */
  end(): Buffer {
    const { bytes: fontFile, newGlyph } = this.font.subset(this.cids.keys());
    for (const [glyph, cid] of this.cids) if (newGlyph.get(glyph) !== cid) throw new Error('subset numbering differs from the CIDs drawn');
    const glyphCount = newGlyph.size;
    const byNewId = new Array<number>(glyphCount);
    for (const [glyph, id] of newGlyph) byNewId[id] = glyph;
    const tag = tagOf(fontFile);
    const baseFont = `/${tag}+${this.fontName}`;
    const scale = 1000 / this.font.unitsPerEm;
    const widths = byNewId.map((g) => num(this.font.advance(g) * scale)).join(' ');
    const [x0, y0, x1, y1] = this.font.bbox.map((v) => num(v * scale));

    const objects: (string | { dict: string; data: Buffer })[] = [];
    const pageIds = this.pages.map((_, i) => 9 + 2 * i);
    objects[1] = `<< /Type /Catalog /Pages 2 0 R /Lang (${this.info.lang}) /ViewerPreferences << /DisplayDocTitle true >> >>`;
    objects[2] = `<< /Type /Pages /Count ${this.pages.length} /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] >>`;
    objects[3] = `<< /Title ${textString(this.info.title)} /Author ${textString(this.info.author)} /Subject ${textString(this.info.subject)} /Creator ${textString(this.info.creator)} /Producer ${textString(this.info.creator)} /CreationDate ${pdfDate(this.info.date)} /ModDate ${pdfDate(this.info.date)} >>`;
    objects[4] = `<< /Type /Font /Subtype /Type0 /BaseFont ${baseFont} /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 8 0 R >>`;
    objects[5] = `<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${baseFont} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /CIDToGIDMap /Identity /W [0 [${widths}]] >>`;
    objects[6] = `<< /Type /FontDescriptor /FontName ${baseFont} /Flags 4 /FontBBox [${x0} ${y0} ${x1} ${y1}] /ItalicAngle 0 /Ascent ${num(this.font.ascender * scale)} /Descent ${num(this.font.descender * scale)} /CapHeight ${num(this.font.capHeight * scale)} /XHeight ${num(this.font.xHeight * scale)} /StemV 0 /FontFile2 7 0 R >>`;
    objects[7] = { dict: `/Length1 ${fontFile.length}`, data: fontFile };
    objects[8] = { dict: '', data: Buffer.from(toUnicodeCMap(this.cidText), 'latin1') };
    this.pages.forEach((ops, i) => {
      objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(this.size.width)} ${num(this.size.height)}] /Contents ${pageIds[i]! + 1} 0 R /Resources << /Font << /F1 4 0 R >> >> >>`;
      objects[pageIds[i]! + 1] = { dict: '', data: Buffer.from(ops.join('\n'), 'latin1') };
    });

    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xff\xff\xff\xff\n', 'latin1')];
    const offsets: number[] = [];
    let length = parts[0]!.length;
    for (let id = 1; id < objects.length; id++) {
      const o = objects[id]!;
      let body: Buffer;
      if (typeof o === 'string') body = Buffer.from(`${id} 0 obj\n${o}\nendobj\n`, 'latin1');
      else {
        const data = deflateSync(o.data);
        body = Buffer.concat([Buffer.from(`${id} 0 obj\n<< /Length ${data.length} /Filter /FlateDecode ${o.dict}>>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
      }
      offsets[id] = length;
      parts.push(body);
      length += body.length;
    }
    // The file identifier: a hash of the content, so the same document has the same id (§14.4).
    const id = createHash('sha256').update(Buffer.concat(parts)).digest('hex').slice(0, 32).toUpperCase();
    const xref = [`xref\n0 ${objects.length}\n0000000000 65535 f \n`, ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }
}

/** A subset font's tag: six capital letters from the subset's bytes (§9.6.4). */
function tagOf(fontFile: Buffer): string {
  const hash = createHash('sha256').update(fontFile).digest();
  return Array.from(hash.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

/** The ToUnicode CMap (§9.10.3): each CID to its character, 100 per block as the format allows. */
function toUnicodeCMap(cidText: Map<number, string>): string {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  const utf16 = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex');
  const entries = [...cidText].filter(([cid]) => cid !== 0).sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.map(([cid, text]) => `<${hex4(cid)}> <${utf16(text)}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
