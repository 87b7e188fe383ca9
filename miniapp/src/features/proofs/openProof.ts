/**
 * Opening a proof's PDF: H5 opens its `url` (a new tab, else this one); WeChat and Alipay
 * download it (`downloadFile`, Taro names Alipay's apFilePath tempFilePath) and show it
 * with the system document viewer (`openDocument`). The download domain must be on the
 * mini-program's downloadFile list. Branches test `process.env.TARO_ENV`, which the build
 * replaces with a literal, so each platform's bundle keeps only its own branch.
 */
import Taro from '@tarojs/taro'

export type OpenOutcome = { kind: 'opened' } | { kind: 'failed'; message: string }

export function openProofDocument(url: string): Promise<OpenOutcome> {
  if (process.env.TARO_ENV === 'h5') return Promise.resolve(openInBrowser(url))
  return downloadAndOpen(url)
}

function openInBrowser(url: string): OpenOutcome {
  if (typeof window === 'undefined' || !/^https?:\/\//.test(url)) return { kind: 'failed', message: '证明链接无效，请重新开具' }
  const tab = window.open(url, '_blank')
  if (tab) tab.opener = null
  else window.location.assign(url)
  return { kind: 'opened' }
}

async function downloadAndOpen(url: string): Promise<OpenOutcome> {
  try {
    const res = (await Taro.downloadFile({ url })) as { tempFilePath?: string; statusCode?: number }
    if (!res.tempFilePath || (typeof res.statusCode === 'number' && res.statusCode !== 200)) {
      return { kind: 'failed', message: res.statusCode === 410 ? '证明链接已过期，请重新开具' : '证明下载失败，请稍后重试' }
    }
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
    return { kind: 'opened' }
  } catch {
    return { kind: 'failed', message: '证明下载失败，请检查网络后重试' }
  }
}
