import { View, Text, Image } from '@tarojs/components'
import { useContext, useMemo } from 'react'
import Btn from '../../../shared/ui/Btn'
import { cx } from '../../../shared/elder'
import { HIDDEN_FROM_READERS } from '../../../shared/ui/a11y'
import { PageShownContext, pageId } from '../../../shared/page'
import { codeCountdownText, displayCode, offlineLimitText, type ShownCode } from '../dynamicCode'
import { codeImages } from '../images/qr'

export interface CodeCardProps {
  code: ShownCode
  /** Whole seconds the code has left. */
  seconds: number
  /** A new code is being asked for. */
  busy: boolean
  elder: boolean
  /** A tap on the QR code, the barcode or `#code-refresh`. */
  onRefresh: () => void
}

/**
 * The code as the cashier scans it: the QR code with the Code 128 barcode and the digits
 * under it, the countdown, 刷新, and for an offline code its badge and limit.
 */
/**
 * What the code is and how long it lasts, in the holder's words: an online code refreshes every
 * minute; an offline one lasts its batch's minutes and works once (it is the e-card's code,
 * not a payment app's 付款码).
 */
export function codeNoticeText(code: { kind: string; limits?: { validForSeconds: number } }): string {
  if (code.kind === 'offline') return `离线码${Math.round((code.limits?.validForSeconds ?? 600) / 60)}分钟内有效，每个只能用一次，截屏无效`
  return '截屏无效，电子社保卡码每分钟自动刷新'
}

export default function CodeCard({ code, seconds, busy, elder, onRefresh }: CodeCardProps) {
  const shown = useContext(PageShownContext)
  const tid = (id: string) => pageId(shown, id)
  const images = useMemo(() => codeImages(code.code), [code.code])
  const offline = code.kind === 'offline'
  return (
    <View className='code-card'>
      <View className='code-card__head'>
        <Text className='code-card__title'>{elder ? '电子社保卡码' : '电子社保卡码 · 请出示给收银员扫描'}</Text>
        {offline && (
          <Text id={tid('offline-badge')} className='offline-badge'>
            离线
          </Text>
        )}
      </View>
      {offline && (
        <Text id={tid('offline-limit')} className='offline-limit'>
          {offlineLimitText(code.limits)}
        </Text>
      )}
      <View
        id={tid('code-qr')}
        className={cx('code-qr', busy && 'code-qr--busy')}
        data-kind={code.kind}
        onClick={onRefresh}
      >
        {/* What the images are, never the code itself: a screen reader in a queue is heard by bystanders. 刷新 is the button for a refresh. */}
        <Image className='code-qr__img' src={images.qr} mode='scaleToFill' nativeProps={{ alt: '电子社保卡二维码，请出示给收银员扫描' }} />
      </View>
      <View id={tid('code-barcode')} className='code-barcode' onClick={onRefresh}>
        <Image className='code-barcode__img' src={images.barcode} mode='scaleToFill' nativeProps={{ alt: '电子社保卡条形码，请出示给收银员扫描' }} />
      </View>
      {/* The digits are for the cashier's eyes (a scanner that fails): not read aloud. */}
      <Text id={tid('code-digits')} className='code-digits' data-code={code.code} userSelect={false} {...HIDDEN_FROM_READERS}>
        {displayCode(code.code)}
      </Text>
      <Text id={tid('code-countdown')} className={cx('code-countdown', seconds <= 10 && 'code-countdown--low')} data-seconds={seconds}>
        {codeCountdownText(code, seconds, busy, elder)}
      </Text>
      <Btn id={tid('code-refresh')} kind='default' loading={busy} onClick={onRefresh}>
        刷新
      </Btn>
      <Text id={tid('code-notice')} className='code-notice'>
        {codeNoticeText(code)}
      </Text>
    </View>
  )
}
