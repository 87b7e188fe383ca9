/**
 * A proof's PDF, drawn from its signed document with PDFKit: A4, in Chinese, Noto Sans SC
 * embedded as a subset (only the glyphs the proof uses: a proof is about 15-30 KB though the
 * font is 10 MB), a QR code to the public verification page (vector squares from `qrcode`'s
 * matrix, no image), how to verify, page numbers. The same document gives the same bytes:
 * the dates come from the document, PDFKit's file id from them, and the subset's tag from
 * the font's place in the file, so a PDF's hash means something.
 *
 * The font (functions/proofs/fonts/, SIL Open Font License 1.1, see OFL.txt there) ships in
 * this function's package (serverless.yml `package.patterns`); it covers the CJK Unified
 * Ideographs and Extension A, so any name in the register prints. A character it lacks
 * (rare Extension B+ characters) prints as 〓, the placeholder of Chinese typesetting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create as openFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  chinaTime,
  INSURANCE_NAMES,
  INSURANCE_SHORT,
  KIND_TITLES,
  SCHEME_NAMES,
  STATUS_NAMES,
  yuan,
  type ProofDocument,
} from './proof.rules.js';

const FONT_FILE = 'fonts/NotoSansSC-Regular.ttf';
const FONT_NAME = 'NotoSansSC';

let fontBytes: Buffer | undefined;
let fontFace: Font | undefined;

/**
 * The font file: beside this module (the source tree, and the deployed package, where the
 * bundle sits at functions/proofs/), else under the working directory (serverless-offline
 * runs the bundle from its build folder, with the repository as the working directory).
 */
function font(): { bytes: Buffer; face: Font } {
  if (!fontBytes || !fontFace) {
    const candidates = [fileURLToPath(new URL(FONT_FILE, import.meta.url)), resolve(process.cwd(), 'functions/proofs', FONT_FILE)];
    const file = candidates.find((f) => existsSync(f));
    if (!file) throw new Error(`proof font not found (${candidates.join(', ')})`);
    fontBytes = readFileSync(file);
    fontFace = openFont(fontBytes) as Font;
  }
  return { bytes: fontBytes, face: fontFace };
}

/** The text with each character the font lacks replaced by 〓. */
function printable(text: string): string {
  const { face } = font();
  return Array.from(text, (ch) => (face.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : '〓')).join('');
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - MARGIN - 14;
/** The QR code's side in points and where it sits (top right of page 1). */
export const QR_SIZE = 84;
export const QR_ORIGIN = { x: A4.width - MARGIN - QR_SIZE, y: 40 };
const INK = '#111111';
const MUTED = '#555555';
const RULE = '#999999';

type Doc = PDFKit.PDFDocument;

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** Draws a table from `y`, starting a new page (with the header again) when a row does not fit. */
function table(doc: Doc, columns: Column[], rows: string[][], y: number): number {
  const rowHeight = 17;
  const header = (top: number) => {
    doc.rect(MARGIN, top, CONTENT_WIDTH, rowHeight).fill('#ececec');
    cells(columns.map((c) => c.title), top);
    return top + rowHeight;
  };
  const cells = (values: string[], top: number) => {
    let x = MARGIN;
    doc.fillColor(INK).fontSize(9);
    columns.forEach((c, i) => {
      doc.text(printable(values[i] ?? ''), x + 4, top + 4, { width: c.width - 8, align: c.align ?? 'left', lineBreak: false });
      x += c.width;
    });
    doc.moveTo(MARGIN, top + rowHeight).lineTo(MARGIN + CONTENT_WIDTH, top + rowHeight).lineWidth(0.5).strokeColor(RULE).stroke();
  };
  let top = header(y);
  for (const row of rows) {
    if (top + rowHeight > BOTTOM) {
      doc.addPage();
      top = header(MARGIN);
    }
    cells(row, top);
    top += rowHeight;
  }
  return top;
}

/** Text that wraps at the content width from `y`; returns where the next line goes. */
function paragraph(doc: Doc, text: string, y: number, opts: { size?: number; color?: string; gap?: number } = {}): number {
  doc.fontSize(opts.size ?? 10.5).fillColor(opts.color ?? INK);
  const value = printable(text);
  const height = doc.heightOfString(value, { width: CONTENT_WIDTH, lineGap: 3 });
  if (y + height > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  doc.text(value, MARGIN, y, { width: CONTENT_WIDTH, lineGap: 3 });
  return y + height + (opts.gap ?? 8);
}

/** The QR code of `url`: one filled rectangle per run of dark modules in a row. */
function qrCode(doc: Doc, url: string): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const s = QR_SIZE / n;
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      doc.rect(QR_ORIGIN.x + start * s, QR_ORIGIN.y + row * s, (col - start) * s, s);
    }
  }
  doc.fill('#000000');
  doc.fontSize(7.5).fillColor(MUTED).text('扫码核验真伪', QR_ORIGIN.x, QR_ORIGIN.y + QR_SIZE + 3, { width: QR_SIZE, align: 'center', lineBreak: false });
}

function header(doc: Doc, d: ProofDocument): number {
  const title = KIND_TITLES[d.kind];
  doc.fontSize(20).fillColor(INK).lineWidth(0.35).strokeColor(INK);
  // Bold by filling and stroking the outlines (one weight of the font is embedded).
  doc.text(title, MARGIN, 72, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 2, fill: true, stroke: true });
  doc.fontSize(9).fillColor(MUTED).text(`证明编号：${d.id}`, MARGIN, 102, { width: CONTENT_WIDTH, align: 'center' });
  let y = 146;
  const pairs: [string, string][] = [
    ['姓名', d.holder.maskedName],
    ['公民身份号码', d.holder.maskedIdNumber],
    ['参保地', d.region.name],
    ['证明期间', `${d.period.from} 至 ${d.period.to}`],
  ];
  doc.fontSize(10.5).fillColor(INK);
  for (let i = 0; i < pairs.length; i += 2) {
    for (let j = 0; j < 2; j++) {
      const [label, value] = pairs[i + j]!;
      doc.text(printable(`${label}：${value}`), MARGIN + j * (CONTENT_WIDTH / 2), y, { width: CONTENT_WIDTH / 2, lineBreak: false });
    }
    y += 20;
  }
  return y + 6;
}

function insuranceBody(doc: Doc, d: ProofDocument, y: number): number {
  const part = d.insurance!;
  y = paragraph(doc, `兹证明上述人员在${d.region.name}参加社会保险，${d.period.from} 至 ${d.period.to} 期间的参保情况如下（截至 ${d.asOf}）：`, y);
  const columns: Column[] = [
    { title: '险种', width: 100 },
    { title: '参保类别', width: 68 },
    { title: '参保状态', width: 92 },
    { title: '首次参保', width: 62, align: 'center' },
    { title: '期间缴费月数', width: 80, align: 'right' },
    { title: '其中欠费月数', width: CONTENT_WIDTH - 402, align: 'right' },
  ];
  const rows = part.lines.map((l) => [
    INSURANCE_NAMES[l.type],
    l.scheme ? SCHEME_NAMES[l.scheme] : '—',
    STATUS_NAMES[l.status],
    l.since ?? '—',
    String(l.months),
    String(l.arrearsMonths),
  ]);
  y = table(doc, columns, rows, y) + 12;
  if (part.retirement) {
    const cert = part.retirement.certifiedUntil ? `，养老保险待遇资格认证有效期至 ${part.retirement.certifiedUntil}` : '';
    y = paragraph(doc, `该人员已于 ${part.retirement.since} 起按月领取基本养老金${cert}。`, y);
  }
  return y;
}

function contributionsBody(doc: Doc, d: ProofDocument, y: number): number {
  const part = d.contributions!;
  y = paragraph(doc, `兹证明上述人员 ${d.period.from} 至 ${d.period.to} 期间在${d.region.name}的社会保险缴费情况如下（金额单位：元，截至 ${d.asOf}）：`, y);
  const totals: Column[] = [
    { title: '险种', width: 140 },
    { title: '缴费月数', width: 90, align: 'right' },
    { title: '单位缴纳', width: 120, align: 'right' },
    { title: '个人缴纳', width: CONTENT_WIDTH - 350, align: 'right' },
  ];
  const totalRows = part.totals.map((t) => [INSURANCE_NAMES[t.type], String(t.months), yuan(t.employer), yuan(t.personal)]);
  totalRows.push(['合计', '', yuan(part.employer), yuan(part.personal)]);
  y = table(doc, totals, totalRows, y) + 14;
  y = paragraph(doc, '缴费明细：', y, { gap: 4 });
  const detail: Column[] = [
    { title: '年月', width: 58 },
    { title: '缴费基数', width: 76, align: 'right' },
    { title: '参保险种', width: 150 },
    { title: '单位缴纳', width: 76, align: 'right' },
    { title: '个人缴纳', width: 76, align: 'right' },
    { title: '状态', width: CONTENT_WIDTH - 436, align: 'center' },
  ];
  const rows = part.months.map((m) => [
    m.month,
    m.base > 0 ? yuan(m.base) : '—',
    m.types.map((t) => INSURANCE_SHORT[t]).join(' '),
    yuan(m.employer),
    yuan(m.personal),
    m.status === 'paid' ? '已缴' : '欠缴',
  ]);
  if (rows.length === 0) return paragraph(doc, '该期间暂无已入账的缴费记录。', y);
  return table(doc, detail, rows, y) + 12;
}

function closing(doc: Doc, d: ProofDocument, verificationUrl: string, sha256: string, y: number): void {
  if (d.asOf < d.period.to) y = paragraph(doc, `注：当月缴费于次月入账，本证明列至 ${d.asOf}。`, y, { size: 9, color: MUTED, gap: 6 });
  y = paragraph(doc, '本证明中的姓名、公民身份号码已按规定作脱敏处理。', y, { size: 9, color: MUTED, gap: 12 });
  y = paragraph(doc, `开具时间：${chinaTime(d.issuedAt)}（北京时间）    开具机构：${d.issuer.name}`, y, { gap: 10 });
  y = paragraph(
    doc,
    `核验方式：用手机扫描本证明第 1 页右上角的二维码，或在浏览器中打开 ${verificationUrl} ，核验页面显示“有效”且所示信息与本证明一致，即为 ${d.issuer.name} 开具的真实证明。本证明由 ${d.issuer.name} 以电子签名（Ed25519，密钥 ${d.issuer.keyId}）签署。`,
    y,
    { size: 9, gap: 6 },
  );
  paragraph(doc, `文档摘要（SHA-256）：${sha256}`, y, { size: 8, color: MUTED });
}

function pageNumbers(doc: Doc, d: ProofDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin: no automatic page break for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor(MUTED).text(`${d.issuer.name} · 证明编号 ${d.id} · 第 ${i + 1} 页 / 共 ${range.count} 页`, MARGIN, A4.height - MARGIN + 8, {
      width: CONTENT_WIDTH,
      align: 'center',
      lineBreak: false,
    });
  }
}

/** The PDF of a proof's document; `verificationUrl` goes in the QR code, `sha256` (the document's) on the last page. */
export function renderProofPdf(d: ProofDocument, opts: { verificationUrl: string; sha256: string }): Promise<Buffer> {
  const { bytes } = font();
  const issued = new Date(d.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    // No default font: PDFKit's Helvetica metrics are files a bundle does not carry.
    font: null as unknown as string,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${KIND_TITLES[d.kind]} ${d.id}`,
      Author: d.issuer.name,
      Subject: `${KIND_TITLES[d.kind]}（${d.period.from} 至 ${d.period.to}）`,
      Creator: 'essc',
      Producer: 'essc',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolveDone(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT_NAME, bytes);
  doc.font(FONT_NAME);
  qrCode(doc, opts.verificationUrl);
  let y = header(doc, d);
  y = d.kind === 'insurance' ? insuranceBody(doc, d, y) : contributionsBody(doc, d, y);
  closing(doc, d, opts.verificationUrl, opts.sha256, y + 4);
  pageNumbers(doc, d);
  doc.end();
  return done;
}
