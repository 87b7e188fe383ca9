/**
 * Reads back what the code page draws: the rectangles of the one <path> of the QR code
 * and barcode SVGs (miniapp/src/features/code/images/codeImage.ts writes each as "M{x} {y}h{w}v{h}h{-w}z").
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
}

export function svgOfDataUri(uri: string): string {
  const prefix = 'data:image/svg+xml;utf8,';
  if (!uri.startsWith(prefix)) throw new Error(`not an SVG data URI: ${uri.slice(0, 40)}`);
  return decodeURIComponent(uri.slice(prefix.length));
}

export function pathRects(svg: string): Rect[] {
  const d = /<path[^>]* d="([^"]*)"/.exec(svg)?.[1] ?? '';
  return [...d.matchAll(/M(\d+) (\d+)h(-?\d+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]) }));
}

/** The modules of a barcode SVG as '1' dark / '0' light, quiet zones included. */
export function barcodeModules(svg: string): string {
  const width = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1] ?? 0);
  const drawn = Array<string>(width).fill('0');
  for (const r of pathRects(svg)) for (let i = 0; i < r.w; i++) drawn[r.x + i] = '1';
  return drawn.join('');
}

/** The dark modules of a QR code SVG, quiet zone removed, as rows of 0 / 1. */
export function qrGrid(svg: string, size: number, quiet: number): number[][] {
  const grid = Array.from({ length: size }, () => Array<number>(size).fill(0));
  for (const r of pathRects(svg)) for (let i = 0; i < r.w; i++) grid[r.y - quiet]![r.x - quiet + i] = 1;
  return grid;
}
