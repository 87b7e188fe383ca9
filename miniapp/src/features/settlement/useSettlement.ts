/** 结算详情: one settlement, loaded on every show (the route's `id`, decoded when loaded). */
import { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { errorMessage } from '../../shared/api/client'
import { getSettlement, type Settlement } from './api'

export type SettlementScreen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; settlement: Settlement }

export function useSettlement(rawId: string | undefined) {
  const [screen, setScreen] = useState<SettlementScreen>({ kind: 'loading' })
  const loaded = useRef(false)

  const load = async () => {
    if (!rawId) {
      setScreen({ kind: 'error', message: '未找到该结算' })
      return
    }
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const settlement = await getSettlement(decodeURIComponent(rawId))
      loaded.current = true
      setScreen({ kind: 'loaded', settlement })
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }

  useDidShow(() => {
    void load()
  })

  return { screen, load }
}
