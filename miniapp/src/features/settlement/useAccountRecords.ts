/**
 * 个人账户: the medical personal-account balance and its transactions, a page at a time;
 * with `subjectCardId`, a bound relative's (and the relative, for the banner).
 */
import { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFamilyMember, type FamilyMember } from '../family/api'
import { getAccount, getTransactions, type Account, type Transaction } from './api'
import { mergeTransactions } from './settlement'

const PAGE_SIZE = 20

export type RecordsScreen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; unclaimed?: boolean }
  | { kind: 'loaded'; account: Account }

export function useAccountRecords(subjectCardId: string | undefined) {
  const [screen, setScreen] = useState<RecordsScreen>({ kind: 'loading' })
  const [txns, setTxns] = useState<Transaction[]>([])
  const [cursor, setCursor] = useState<string | undefined>()
  const [moreBusy, setMoreBusy] = useState(false)
  const [moreError, setMoreError] = useState<string | undefined>()
  const loaded = useRef(false)
  const [member, setMember] = useState<FamilyMember | undefined>()

  const load = async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const [account, page, relative] = await Promise.all([
        getAccount(subjectCardId),
        getTransactions(undefined, PAGE_SIZE, subjectCardId),
        subjectCardId && !member ? getFamilyMember(subjectCardId).catch(() => undefined) : Promise.resolve(member),
      ])
      loaded.current = true
      setMember(relative)
      setScreen({ kind: 'loaded', account })
      setTxns(mergeTransactions([], page.transactions))
      setCursor(page.transactions.length > 0 ? page.nextCursor : undefined)
      setMoreError(undefined)
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err), unclaimed: errorCode(err) === 'card_not_found' })
    }
  }

  useDidShow(() => {
    void load()
  })

  const loadMore = async () => {
    if (!cursor || moreBusy) return
    setMoreBusy(true)
    setMoreError(undefined)
    try {
      const page = await getTransactions(cursor, PAGE_SIZE, subjectCardId)
      setTxns((list) => mergeTransactions(list, page.transactions))
      setCursor(page.transactions.length > 0 ? page.nextCursor : undefined)
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setMoreBusy(false)
    }
  }

  return { screen, txns, more: !!cursor, moreBusy, moreError, member, load, loadMore }
}
