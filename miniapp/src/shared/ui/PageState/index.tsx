import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ReactNode } from 'react'
import Btn from '../Btn'
import { useElementId } from '../../page'
import { ALERT } from '../a11y'

/** What every page shows while its data loads: a spinner (still under prefers-reduced-motion) and the words. */
export function LoadingState({ id, text = '正在加载…' }: { id?: string; text?: string }) {
  return (
    <View id={id} className='state state--loading'>
      <View className='spinner' />
      <Text className='t-body'>{text}</Text>
    </View>
  )
}

/** A page-level error, with what the holder can do about it (retry, claim, …) as children. */
export function ErrorState({ id, message, children }: { id?: string; message: string; children?: ReactNode }) {
  return (
    <View id={id} className='state'>
      <Text className='form-error' {...ALERT}>
        {message}
      </Text>
      {children}
    </View>
  )
}

export interface LoadErrorStateProps {
  id?: string
  message: string
  /** No card in this channel (card_not_found): `#claim-start` instead of `#retry`. */
  unclaimed?: boolean
  onRetry: () => void
  /** Shown after the button (e.g. the offline code on the home page). */
  children?: ReactNode
}

/** A page's data could not be loaded: `#retry`, or `#claim-start` when there is no card to load. */
export function LoadErrorState({ id, message, unclaimed, onRetry, children }: LoadErrorStateProps) {
  return (
    <ErrorState id={id} message={message}>
      {unclaimed ? (
        <Btn id='claim-start' kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/claim/index' })}>
          申领电子社保卡
        </Btn>
      ) : (
        <Btn id='retry' kind='primary' onClick={onRetry}>
          重试
        </Btn>
      )}
      {children}
    </ErrorState>
  )
}

export interface ScreenStateProps {
  /** Id prefix: `family` gives #family-loading and #family-error. */
  id: string
  /** A page's screen (`useLoadOnShow` and the like): `loading`, `error` (with its message), or loaded. */
  screen: { kind: string; message?: string; unclaimed?: boolean }
  onRetry: () => void
}

/** `LoadingState` while the screen loads, `LoadErrorState` when it failed; nothing once it is there. */
export function ScreenState({ id, screen, onRetry }: ScreenStateProps) {
  const loadingId = useElementId(`${id}-loading`)
  const errorId = useElementId(`${id}-error`)
  if (screen.kind === 'loading') return <LoadingState id={loadingId} />
  if (screen.kind === 'error') return <LoadErrorState id={errorId} message={screen.message ?? ''} unclaimed={screen.unclaimed} onRetry={onRetry} />
  return null
}
