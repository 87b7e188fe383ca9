/** Scanning a portal's QR code for scan-to-login: the camera scanner on WeChat and Alipay, none on H5. */
import Taro from '@tarojs/taro'

/** Whether this platform can scan with the camera (WeChat, Alipay); H5 takes a pasted link instead. */
export const canScanCode: boolean = process.env.TARO_ENV !== 'h5'

export type ScanOutcome =
  | { kind: 'scanned'; text: string }
  | { kind: 'cancelled' }
  | { kind: 'unsupported'; message: string }
  | { kind: 'failed'; message: string }

/**
 * The camera scanner (wx.scanCode / my.scan, camera only, QR codes). WeChat answers
 * `{result}`, Alipay `{code}`; a cancel is not an error to show.
 */
export function scanCode(): Promise<ScanOutcome> {
  // A plain return on a build-time constant, so the H5 bundle drops the camera branch.
  if (process.env.TARO_ENV === 'h5') return Promise.resolve({ kind: 'unsupported', message: '当前环境不能扫码，请粘贴登录链接' })
  return cameraScan()
}

async function cameraScan(): Promise<ScanOutcome> {
  if (typeof Taro.scanCode !== 'function') return { kind: 'unsupported', message: '当前版本不支持扫码，请升级后重试' }
  try {
    const res = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })) as { result?: string; code?: string; qrCode?: string }
    const text = res.result || res.code || res.qrCode || ''
    return text ? { kind: 'scanned', text } : { kind: 'failed', message: '未识别到二维码，请重新扫码' }
  } catch (err) {
    const e = (err || {}) as { errMsg?: string; errorMessage?: string; error?: number }
    // WeChat: "scanCode:fail cancel"; Alipay: error 10 (user cancelled).
    if ((e.errMsg && /cancel/i.test(e.errMsg)) || e.error === 10) return { kind: 'cancelled' }
    return { kind: 'failed', message: '扫码失败，请重试' }
  }
}
