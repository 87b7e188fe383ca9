/**
 * Showing a code: screen brightness, screen on, screenshots. No-ops on H5; the build
 * replaces `process.env.TARO_ENV` with a literal, so each bundle keeps only its branch.
 */
import Taro from '@tarojs/taro'

/** Calls a Taro API only when this platform's base library has it; never throws. */
async function tryApi<T>(call: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await call()
  } catch {
    return undefined
  }
}

let savedBrightness: number | undefined
let brightnessRaised = false

/**
 * Full brightness while a code is on screen, so scanners read it (WeChat, Alipay; H5
 * cannot set it). The level before is kept for `restoreScreenBrightness`.
 */
export async function raiseScreenBrightness(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return
  if (brightnessRaised) return
  brightnessRaised = true
  if (savedBrightness === undefined && typeof Taro.getScreenBrightness === 'function') {
    const res = await tryApi(() => Taro.getScreenBrightness())
    const value = res && typeof res.value === 'number' ? res.value : undefined
    // Restored meanwhile (the page was left at once): leave the screen alone.
    if (!brightnessRaised) return
    savedBrightness = value
  }
  if (typeof Taro.setScreenBrightness === 'function') await tryApi(() => Taro.setScreenBrightness({ value: 1 }))
  if (typeof Taro.setKeepScreenOn === 'function') await tryApi(() => Taro.setKeepScreenOn({ keepScreenOn: true }))
}

/** Puts the brightness back as it was before `raiseScreenBrightness`. */
export async function restoreScreenBrightness(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') return
  if (!brightnessRaised) return
  brightnessRaised = false
  const value = savedBrightness
  savedBrightness = undefined
  if (value !== undefined && typeof Taro.setScreenBrightness === 'function') {
    await tryApi(() => Taro.setScreenBrightness({ value }))
  }
  if (typeof Taro.setKeepScreenOn === 'function') await tryApi(() => Taro.setKeepScreenOn({ keepScreenOn: false }))
}

/**
 * While a code is shown: screenshots and recordings show a blank screen where the
 * platform allows it (WeChat on Android: setVisualEffectOnCapture), and `onCapture` runs
 * when the holder takes a screenshot anyway (the page refreshes the code, so the picture
 * is of a void code). Returns the function that undoes both. H5: nothing to do.
 */
export function protectFromCapture(onCapture: () => void): () => void {
  if (process.env.TARO_ENV === 'h5') return () => undefined
  if (typeof Taro.setVisualEffectOnCapture === 'function') {
    void tryApi(() => Taro.setVisualEffectOnCapture({ visualEffect: 'hidden' }))
  }
  const listener = () => onCapture()
  let listening = false
  if (typeof Taro.onUserCaptureScreen === 'function') {
    try {
      Taro.onUserCaptureScreen(listener)
      listening = true
    } catch {
      // not available in this base library
    }
  }
  return () => {
    if (typeof Taro.setVisualEffectOnCapture === 'function') {
      void tryApi(() => Taro.setVisualEffectOnCapture({ visualEffect: 'none' }))
    }
    if (listening && typeof Taro.offUserCaptureScreen === 'function') {
      try {
        Taro.offUserCaptureScreen(listener)
      } catch {
        // ignore
      }
    }
  }
}
