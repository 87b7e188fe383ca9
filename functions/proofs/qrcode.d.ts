// qrcode's encoder alone: its main entry also loads the PNG, SVG and terminal renderers (pngjs),
// which a proof, drawing the matrix as vector squares, never uses.
declare module 'qrcode/lib/core/qrcode.js' {
  export const create: typeof import('qrcode').create;
}
