/**
 * Asking the holder to allow push messages: WeChat's `wx.requestSubscribeMessage`
 * (subscription messages), Alipay's `my.requestSubscribeMessage` (template messages); H5
 * has no platform push. Branches test `process.env.TARO_ENV`, which the build replaces
 * with a literal, so each platform's bundle keeps only its own branch. WeChat opens the
 * dialog only from a tap: call `requestSubscription` in the tap handler, before any await.
 */
import { subscriptionResults, templatesToRequest, type SubscriptionAnswer } from './notifications'

/** Whether this platform can push at all (WeChat, Alipay). */
export const pushSupported: boolean = process.env.TARO_ENV !== 'h5'

export type SubscriptionOutcome =
  | { kind: 'answered'; results: Record<string, SubscriptionAnswer> }
  /** No template ids, no API in this base library, or H5. */
  | { kind: 'unsupported' }
  | { kind: 'failed'; message: string }

export function requestSubscription(templateIds: readonly string[]): Promise<SubscriptionOutcome> {
  const ids = templatesToRequest(templateIds)
  if (ids.length === 0) return Promise.resolve({ kind: 'unsupported' })
  if (process.env.TARO_ENV === 'weapp') return weappSubscribe(ids)
  if (process.env.TARO_ENV === 'alipay') return alipaySubscribe(ids)
  return Promise.resolve({ kind: 'unsupported' })
}

function weappSubscribe(ids: string[]): Promise<SubscriptionOutcome> {
  if (typeof wx === 'undefined' || !wx || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve({ kind: 'unsupported' })
  const api = wx
  return new Promise((resolve) => {
    api.requestSubscribeMessage!({
      tmplIds: ids,
      success: (res) => resolve({ kind: 'answered', results: subscriptionResults(ids, res) }),
      fail: (err) => resolve({ kind: 'failed', message: err.errMsg || '订阅消息请求失败' }),
    })
  })
}

function alipaySubscribe(ids: string[]): Promise<SubscriptionOutcome> {
  if (typeof my === 'undefined' || !my || typeof my.requestSubscribeMessage !== 'function') return Promise.resolve({ kind: 'unsupported' })
  const api = my
  return new Promise((resolve) => {
    api.requestSubscribeMessage!({
      entityIds: ids,
      success: (res) => resolve({ kind: 'answered', results: subscriptionResults(ids, res) }),
      fail: (err) => resolve({ kind: 'failed', message: err.errorMessage || '订阅消息请求失败' }),
    })
  })
}
