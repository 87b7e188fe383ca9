/**
 * The platform's large-text setting (see `../largeText`): WeChat `wx.getAppBaseInfo()`
 * (older base libraries: `getSystemInfoSync`), Alipay `my.getSystemInfoSync()` (no documented
 * `fontSizeSetting` there: read defensively, see `../largeText`), H5 none.
 * Read once per app run; any failure reads as "not large".
 */
import Taro from '@tarojs/taro'
import { isLargeTextSetting } from '../largeText'

let cached: boolean | undefined

function readSetting(): unknown {
  if (process.env.TARO_ENV === 'h5') return undefined
  const api = Taro as unknown as { getAppBaseInfo?: () => { fontSizeSetting?: unknown }; getSystemInfoSync?: () => { fontSizeSetting?: unknown } }
  if (process.env.TARO_ENV === 'weapp' && typeof api.getAppBaseInfo === 'function') {
    const base = api.getAppBaseInfo()
    if (base && base.fontSizeSetting !== undefined) return base.fontSizeSetting
  }
  return typeof api.getSystemInfoSync === 'function' ? api.getSystemInfoSync()?.fontSizeSetting : undefined
}

/** Whether the holder set large text in WeChat or Alipay; false on H5. */
export function platformLargeText(): boolean {
  if (cached !== undefined) return cached
  try {
    cached = isLargeTextSetting(readSetting())
  } catch {
    cached = false
  }
  return cached
}
