/**
 * A proof's PDF, drawn from its signed document: A4, in Chinese, Noto Sans SC embedded as a
 * subset (only the glyphs the proof uses: a proof is about 30-60 KB though the font is 10 MB),
 * a QR code to the public verification page (vector squares from `qrcode`'s matrix, no image),
 * how to verify, page numbers. The same document gives the same bytes: the dates come from the
 * document, and the file id and the subset's tag are hashes of the content, so a PDF's hash
 * means something. Written with our own small PDF writer and font subsetter (pdfDocument.ts,
 * trueType.ts), which say why.
 *
 * The font (functions/proofs/fonts/, SIL Open Font License 1.1, see OFL.txt there) ships in
 * this function's package (serverless.yml `package.patterns`); it covers the CJK Unified
 * Ideographs and Extension A, so any name in the register prints. A character it lacks
 * (rare Extension B+ characters) prints as 〓, the placeholder of Chinese typesetting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create as qrCodeOf } from 'qrcode/lib/core/qrcode.js';
import { PdfDocument } from './pdfDocument.js';
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
import { TrueTypeFont } from './trueType.js';

const FONT_FILE = 'fonts/NotoSansSC-Regular.ttf';
const FONT_NAME = 'NotoSansSC-Regular';

let fontFace: TrueTypeFont | undefined;

/**
 * The font file: beside this module (the source tree, and the deployed package, where the
 * bundle sits at functions/proofs/), else under the working directory (serverless-offline
 * runs the bundle from its build folder, with the repository as the working directory).
 */
function font(): TrueTypeFont {
  if (!fontFace) {
    const candidates = [fileURLToPath(new URL(FONT_FILE, import.meta.url)), resolve(process.cwd(), 'functions/proofs', FONT_FILE)];
    const file = candidates.find((f) => existsSync(f));
    if (!file) throw new Error(`proof font not found (${candidates.join(', ')})`);
    fontFace = new TrueTypeFont(readFileSync(file));
  }
  return fontFace;
}

/** The text with each character the font lacks replaced by 〓. */
function printable(text: string): string {
  const face = font();
  return Array.from(text, (ch) => (face.glyphFor(ch.codePointAt(0)!) !== 0 ? ch : '〓')).join('');
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

type Doc = PdfDocument;

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** Draws a table from `y`, starting a new page (with the header again) when a row does not fit. */
function table(doc: Doc, columns: Column[], rows: string[][], y: number): number {
  const rowHeight = 17;
  const header = (top: number) => {
    doc.fillRects([{ x: MARGIN, y: top, w: CONTENT_WIDTH, h: rowHeight }], '#ececec');
    cells(columns.map((c) => c.title), top);
    return top + rowHeight;
  };
  const cells = (values: string[], top: number) => {
    let x = MARGIN;
    columns.forEach((c, i) => {
      doc.text(printable(values[i] ?? ''), x + 4, top + 4, { size: 9, color: INK, width: c.width - 8, align: c.align ?? 'left' });
      x += c.width;
    });
    doc.line(MARGIN, top + rowHeight, MARGIN + CONTENT_WIDTH, top + rowHeight, 0.5, RULE);
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

const LINE_GAP = 3;

/** Text that wraps at the content width from `y` (on a new page if it does not fit); returns where the next line goes. */
function paragraph(doc: Doc, text: string, y: number, opts: { size?: number; color?: string; gap?: number } = {}): number {
  const size = opts.size ?? 10.5;
  const lines = doc.wrap(printable(text), size, CONTENT_WIDTH);
  const step = doc.lineHeight(size) + LINE_GAP;
  const height = lines.length * step;
  if (y + height > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  lines.forEach((line, i) => doc.text(line, MARGIN, y + i * step, { size, color: opts.color ?? INK }));
  return y + height + (opts.gap ?? 8);
}

/** The QR code of `url`: one filled rectangle per run of dark modules in a row. */
function qrCode(doc: Doc, url: string): void {
  const qr = qrCodeOf(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const s = QR_SIZE / n;
  const rects: { x: number; y: number; w: number; h: number }[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      rects.push({ x: QR_ORIGIN.x + start * s, y: QR_ORIGIN.y + row * s, w: (col - start) * s, h: s });
    }
  }
  doc.fillRects(rects, '#000000');
  doc.text('扫码核验真伪', QR_ORIGIN.x, QR_ORIGIN.y + QR_SIZE + 3, { size: 7.5, color: MUTED, width: QR_SIZE, align: 'center' });
}

function header(doc: Doc, d: ProofDocument): number {
  doc.text(KIND_TITLES[d.kind], MARGIN, 72, { size: 20, color: INK, width: CONTENT_WIDTH, align: 'center', characterSpacing: 2, bold: true });
  doc.text(`证明编号：${d.id}`, MARGIN, 102, { size: 9, color: MUTED, width: CONTENT_WIDTH, align: 'center' });
  let y = 146;
  const pairs: [string, string][] = [
    ['姓名', d.holder.maskedName],
    ['公民身份号码', d.holder.maskedIdNumber],
    ['参保地', d.region.name],
    ['证明期间', `${d.period.from} 至 ${d.period.to}`],
  ];
  for (let i = 0; i < pairs.length; i += 2) {
    for (let j = 0; j < 2; j++) {
      const [label, value] = pairs[i + j]!;
      doc.text(printable(`${label}：${value}`), MARGIN + j * (CONTENT_WIDTH / 2), y, { size: 10.5, color: INK });
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
  const count = doc.pageCount;
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin, below every page's content.
    doc.text(printable(`${d.issuer.name} · 证明编号 ${d.id} · 第 ${i + 1} 页 / 共 ${count} 页`), MARGIN, A4.height - MARGIN + 8, {
      size: 8,
      color: MUTED,
      width: CONTENT_WIDTH,
      align: 'center',
    });
  }
}

/** The PDF of a proof's document; `verificationUrl` goes in the QR code, `sha256` (the document's) on the last page. */
export function renderProofPdf(d: ProofDocument, opts: { verificationUrl: string; sha256: string }): Promise<Buffer> {
  const doc = new PdfDocument(font(), FONT_NAME, A4, {
    title: `${KIND_TITLES[d.kind]} ${d.id}`,
    author: d.issuer.name,
    subject: `${KIND_TITLES[d.kind]}（${d.period.from} 至 ${d.period.to}）`,
    creator: 'essc',
    date: new Date(d.issuedAt),
    lang: 'zh-CN',
  });
  doc.addPage();
  qrCode(doc, opts.verificationUrl);
  let y = header(doc, d);
  y = d.kind === 'insurance' ? insuranceBody(doc, d, y) : contributionsBody(doc, d, y);
  closing(doc, d, opts.verificationUrl, opts.sha256, y + 4);
  pageNumbers(doc, d);
  return Promise.resolve(doc.end());
}
