/**
 * QR code of a dynamic code: the `qrcode` package's encoder (QRCode.create), numeric
 * mode, error correction M (20 digits fit version 1, 21 × 21 modules: the largest
 * modules for a given size, so the easiest to scan), drawn by ./codeImage.
 */
import { create } from 'qrcode'
import { barcodeSvg, qrSvg, svgDataUri } from './codeImage'

export interface CodeImages {
  qr: string
  barcode: string
}

/** Data URIs of the QR code and the Code 128 barcode for `code` (digits only). */
export function codeImages(code: string): CodeImages {
  const qr = create([{ data: code, mode: 'numeric' }], { errorCorrectionLevel: 'M' })
  return { qr: svgDataUri(qrSvg(qr.modules)), barcode: svgDataUri(barcodeSvg(code)) }
}
