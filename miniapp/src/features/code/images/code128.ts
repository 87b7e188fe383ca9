/**
 * Code 128 for the all-digit dynamic code, so scanner guns at the counter can read it
 * under the QR code. Pure: no Taro, no DOM.
 *
 * Set C packs two digits into one symbol: Start C (105), one symbol per digit pair (its
 * value is the pair, 00-99), the check symbol, Stop. The check symbol is
 * (start + Σ position × value) mod 103, positions counted from 1 after the start. An odd
 * number of digits ends with Code B (100) and the last digit in set B (value = digit + 16).
 *
 * Each symbol is 3 bars and 3 spaces, 11 modules wide (Stop: 4 bars, 13 modules), given
 * here as the widths bar, space, bar, space, bar, space (ISO/IEC 15417, table 1).
 */

const PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
]

export const START_C = 105
export const CODE_B = 100
export const STOP = 106
/** Light modules required on each side of the symbol (ISO/IEC 15417: at least 10). */
export const QUIET_ZONE = 10

/** The widths (bar, space, …) of one symbol value, 0-106 (106 = Stop). */
export function symbolPattern(value: number): string {
  const p = PATTERNS[value]
  if (p === undefined) throw new RangeError(`no Code 128 symbol ${value}`)
  return p
}

/**
 * The symbol values for `digits`: Start C, the pairs, (Code B + the last digit when the
 * count is odd), the check symbol and Stop.
 */
export function code128Values(digits: string): number[] {
  if (!/^\d+$/.test(digits)) throw new RangeError('Code 128 set C needs a non-empty string of digits')
  const data: number[] = []
  const even = digits.length - (digits.length % 2)
  for (let i = 0; i < even; i += 2) data.push(Number(digits.slice(i, i + 2)))
  if (even < digits.length) data.push(CODE_B, Number(digits.charAt(even)) + 16)
  let sum = START_C
  data.forEach((v, i) => {
    sum += v * (i + 1)
  })
  return [START_C, ...data, sum % 103, STOP]
}

/** The symbol as modules, '1' dark and '0' light, without the quiet zones. */
export function code128Modules(digits: string): string {
  let out = ''
  for (const value of code128Values(digits)) {
    const widths = symbolPattern(value)
    for (let i = 0; i < widths.length; i++) out += (i % 2 === 0 ? '1' : '0').repeat(Number(widths.charAt(i)))
  }
  return out
}

export interface Bar {
  /** Left edge, in modules from the left edge of the quiet zone. */
  x: number
  /** Width in modules. */
  w: number
}

export interface Barcode {
  bars: Bar[]
  /** Whole width in modules, quiet zones included. */
  width: number
}

/** The dark bars of the barcode for `digits`, with `quiet` light modules each side. */
export function code128Bars(digits: string, quiet = QUIET_ZONE): Barcode {
  const modules = code128Modules(digits)
  const bars: Bar[] = []
  let i = 0
  while (i < modules.length) {
    if (modules.charAt(i) !== '1') {
      i++
      continue
    }
    let j = i
    while (j < modules.length && modules.charAt(j) === '1') j++
    bars.push({ x: quiet + i, w: j - i })
    i = j
  }
  return { bars, width: modules.length + 2 * quiet }
}
