/**
 * The platform's own large-text setting, as elder mode (长辈版) follows it while the holder
 * has not chosen. Pure: no Taro.
 *
 * WeChat documents `wx.getAppBaseInfo().fontSizeSetting` (base library 2.23.4+; before it
 * `wx.getSystemInfoSync().fontSizeSetting`, 1.5.0+) as a number: 微信字体大小, in px, as set
 * under 我 › 设置 › 通用 › 字体大小. It documents neither the standard size nor the steps, so
 * the ≥ 20 px threshold is this app's own: above WeChat's standard size (17 px as the
 * client reports it, not a documented value) and at or below its larger steps and care
 * mode 关怀模式 (about 23.8 px).
 *
 * Alipay: `my.getSystemInfoSync()` documents no `fontSizeSetting` that we could find, so
 * `platform/textSize` reads the field there only defensively, and only a number of px at
 * or over the threshold counts; anything else (missing, a level such as 1-4, a word)
 * reads as not large. H5 has none.
 */

/** The px at or over which a platform's `fontSizeSetting` counts as large text (our threshold, see above). */
export const LARGE_FONT_SIZE_PX = 20

/** Whether a platform's `fontSizeSetting` asks for large text: a number of px at or over 20. */
export function isLargeTextSetting(setting: unknown): boolean {
  const px = typeof setting === 'string' ? Number(setting) : setting
  return typeof px === 'number' && Number.isFinite(px) && px >= LARGE_FONT_SIZE_PX
}

/** Elder mode as shown: the holder's own choice when there is one, else the platform's large-text setting. */
export function elderModeFrom(chosen: unknown, platformLargeText: () => boolean): boolean {
  if (typeof chosen === 'boolean') return chosen
  return platformLargeText()
}
