/**
 * Elder mode (长辈版): larger type, fewer words, bigger touch targets. The holder's choice
 * is kept in storage and read again whenever a page shows, so a switch on one page
 * applies to all; until the holder chooses, it follows the platform's large-text setting
 * (WeChat / Alipay `fontSizeSetting`; never on H5).
 */
import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { elderModeFrom } from './largeText'
import { storage } from './platform/storage'
import { platformLargeText } from './platform/textSize'

const KEY = 'elderMode'

export function isElderMode(): boolean {
  return elderModeFrom(storage.get<boolean>(KEY), platformLargeText)
}

export function setElderMode(on: boolean): void {
  storage.set(KEY, on)
}

/** [elder, setElder]: the page's root gets the `elder` class when on. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [elder, setElder] = useState<boolean>(isElderMode)
  useDidShow(() => setElder(isElderMode()))
  const update = useCallback((on: boolean) => {
    setElderMode(on)
    setElder(on)
  }, [])
  return [elder, update]
}

/** Joins class names, skipping falsy ones. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ')
}
