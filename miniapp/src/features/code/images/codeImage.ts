/**
 * The QR code and the barcode as SVG, shown through an <Image> data URI: the one way
 * that renders the same on WeChat, Alipay (their image components take SVG data URIs)
 * and H5 (<img>), with no canvas node to look up, and crisp at any size. Pure: no Taro.
 *
 * Only characters that need no escaping in a data URI on those platforms are used (no
 * '#', no '%'), the way mp-html hands inline SVG to mini-program image components.
 */
import { code128Bars } from './code128'

/** The modules of a QR code, as `QRCode.create(...).modules` gives them. */
export interface ModuleMatrix {
  size: number
  get(row: number, col: number): number | boolean
}

/** Light modules around a QR code (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_ZONE = 4

/** Horizontal runs of dark modules, one path, drawn with crisp edges. */
export function qrSvg(matrix: ModuleMatrix, quiet = QR_QUIET_ZONE): string {
  const n = matrix.size + 2 * quiet
  let d = ''
  for (let r = 0; r < matrix.size; r++) {
    let c = 0
    while (c < matrix.size) {
      if (!matrix.get(r, c)) {
        c++
        continue
      }
      let end = c
      while (end < matrix.size && matrix.get(r, end)) end++
      d += `M${c + quiet} ${r + quiet}h${end - c}v1h${c - end}z`
      c = end
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${n * 8}" height="${n * 8}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="white"/><path fill="black" d="${d}"/></svg>`
  )
}

/** Height of the barcode in modules (it is stretched to its box: preserveAspectRatio none). */
export const BARCODE_HEIGHT = 40

/** A Code 128 (set C) barcode of `digits`, quiet zones included. */
export function barcodeSvg(digits: string): string {
  const { bars, width } = code128Bars(digits)
  const d = bars.map((b) => `M${b.x} 0h${b.w}v${BARCODE_HEIGHT}h${-b.w}z`).join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${BARCODE_HEIGHT}" width="${width * 4}" height="${BARCODE_HEIGHT * 4}" preserveAspectRatio="none" shape-rendering="crispEdges">` +
    `<rect width="${width}" height="${BARCODE_HEIGHT}" fill="white"/><path fill="black" d="${d}"/></svg>`
  )
}

/** The SVG as an image source. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;utf8,${svg.replace(/%/g, '%25').replace(/#/g, '%23')}`
}
