/**
 * 扫码登录 from home: the camera scanner (WeChat, Alipay) or, on H5, a panel to paste the
 * login link. A scanned or pasted `essc://login?r=<id>` goes to `onLogin`; anything else
 * is refused here, with the reason.
 */
import { useState } from 'react'
import { parseLoginQr } from './loginRequest'
import { canScanCode, scanCode } from './scan'

export function useScanLogin(onLogin: (loginRequestId: string) => void) {
  /** H5 has no camera scan: the login link is pasted instead. */
  const [linkOpen, setLinkOpen] = useState(false)
  const [linkText, setLinkText] = useState('')
  const [scanError, setScanError] = useState<string | undefined>()

  const openLogin = (text: string) => {
    const parsed = parseLoginQr(text)
    if (!parsed.ok) {
      setScanError(parsed.message)
      return
    }
    setScanError(undefined)
    setLinkOpen(false)
    setLinkText('')
    onLogin(parsed.id)
  }

  const scan = async () => {
    setScanError(undefined)
    if (!canScanCode) {
      setLinkOpen(!linkOpen)
      return
    }
    const outcome = await scanCode()
    if (outcome.kind === 'scanned') openLogin(outcome.text)
    else if (outcome.kind !== 'cancelled') setScanError(outcome.message)
  }

  return {
    linkOpen,
    linkText,
    typeLink: (text: string) => {
      setLinkText(text)
      if (scanError) setScanError(undefined)
    },
    scanError,
    scan,
    /** The pasted link. */
    openLink: () => openLogin(linkText),
  }
}
