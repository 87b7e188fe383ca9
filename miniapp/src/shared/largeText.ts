/**
 * The platform's own large-text setting, as elder mode (长辈版) follows it while the holder
 * has not chosen. Pure: no Taro.
 *
 * WeChat's `wx.getAppBaseInfo().fontSizeSetting` is the font size in px the holder set in
 * WeChat (17 by default; its care mode 关怀模式 about 23.8); Alipay's
 * `my.getSystemInfoSync().fontSizeSetting` likewise. H5 has none.
 */

/** WeChat's default font size in px; anything clearly above it (its larger steps, care mode) counts as large. */
export const DEFAULT_FONT_SIZE_PX = 17
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
