/**
 * Leaving a page: back to the page below when there is one, else to `fallback` (after
 * the H5 face page the app restarts at the page that sent the holder there, with nothing
 * below it).
 */
import Taro from '@tarojs/taro'

export function backOr(fallback: string): void {
  const pages = Taro.getCurrentPages()
  if (pages.length > 1) void Taro.navigateBack()
  else void Taro.redirectTo({ url: fallback })
}

/** As `backOr`, but with nothing below a fresh start at `home` (reLaunch). */
export function backOrRelaunch(home: string): void {
  const pages = Taro.getCurrentPages()
  if (pages.length > 1) void Taro.navigateBack()
  else void Taro.reLaunch({ url: home })
}

/** A route parameter decoded, or as given when it is not valid percent-encoding. */
export function routeParam(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}
