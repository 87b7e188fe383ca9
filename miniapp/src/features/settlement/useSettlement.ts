/** 结算详情: one settlement, loaded on every show (the route's `id`, decoded when loaded). */
import { errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { getSettlement, type Settlement } from './api'

export type SettlementScreen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; settlement: Settlement }

export function useSettlement(rawId: string | undefined) {
  const { screen, load } = useLoadOnShow<SettlementScreen>(
    async () => {
      if (!rawId) return { kind: 'error', message: '未找到该结算' }
      return { kind: 'loaded', settlement: await getSettlement(decodeURIComponent(rawId)) }
    },
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )
  return { screen, load }
}
