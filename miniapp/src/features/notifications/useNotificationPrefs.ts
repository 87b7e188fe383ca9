/**
 * Push preferences per kind, and the platform's consent to push. WeChat (and Alipay) show
 * their consent dialog only straight from a tap, before any await, and each accept is one
 * send of that template. So turning a kind's push on asks at once, in the tap, for the
 * templates the last preferences answer named (those of the kinds pushed); the answer of
 * the change may name more (the kind just turned on): then 允许推送通知 (`#notif-subscribe`,
 * always there while there are templates) asks for them with the holder's next tap. What
 * the holder allowed goes to `POST /v1/notifications/subscriptions`. H5 has no push: the
 * page says so.
 */
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { errorMessage } from '../../shared/api/client'
import { getNotificationPreferences, postSubscriptions, putNotificationPreferences, type NotificationPreferences } from './api'
import { templatesToRequest, withPush } from './notifications'
import { pushSupported, requestSubscription, type SubscriptionOutcome } from './subscribe'

export function useNotificationPrefs() {
  const [prefs, setPrefs] = useState<NotificationPreferences | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [busyKind, setBusyKind] = useState<string | undefined>()
  const [subscribing, setSubscribing] = useState(false)
  /** A kind turned on whose template was not asked for yet: 允许推送通知 says so. */
  const [needsConsent, setNeedsConsent] = useState(false)
  const [result, setResult] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()

  const load = async () => {
    try {
      setPrefs(await getNotificationPreferences())
      setLoadError(undefined)
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }

  useDidShow(() => {
    void load()
  })

  /** Platform push can be asked for here: a platform with push, and templates to ask for. */
  const canSubscribe = pushSupported && !!prefs && prefs.push.templateIds.length > 0

  /** Tells the server what the holder allowed; the zh-CN line for it. */
  const record = async (outcome: SubscriptionOutcome): Promise<string | undefined> => {
    if (outcome.kind === 'failed') return '未能打开通知授权，消息仍会保存在消息中心'
    if (outcome.kind !== 'answered') return undefined
    const answers = Object.values(outcome.results)
    if (answers.length > 0) await postSubscriptions(outcome.results)
    return answers.includes('accept') ? '已允许推送，有新消息时会通知您' : '您未允许推送通知，消息只会保存在消息中心'
  }

  const toggle = (kind: string) => {
    if (!prefs || busyKind || subscribing) return
    const pref = prefs.preferences.find((p) => p.kind === kind)
    if (!pref) return
    const push = !pref.push
    const asked = push && canSubscribe ? templatesToRequest(prefs.push.templateIds) : []
    // In the tap itself: the platform refuses its dialog after an await.
    const consent = asked.length > 0 ? requestSubscription(asked) : undefined
    void save(kind, push, asked, consent)
  }

  const save = async (kind: string, push: boolean, asked: string[], consent: Promise<SubscriptionOutcome> | undefined) => {
    if (!prefs) return
    setBusyKind(kind)
    setResult(undefined)
    setError(undefined)
    try {
      const saved = await putNotificationPreferences(withPush(prefs.preferences, kind, push).map((p) => ({ kind: p.kind, push: p.push })))
      setPrefs(saved)
      const consentLine = consent ? await record(await consent) : undefined
      const missing = push && pushSupported ? templatesToRequest(saved.push.templateIds).filter((id) => !asked.includes(id)) : []
      setNeedsConsent(missing.length > 0)
      if (!push) setResult('已关闭推送，消息仍会保存在消息中心')
      else if (missing.length > 0) setResult('已开启推送，请点击“允许推送通知”完成授权')
      else setResult(consentLine ?? '已开启推送')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusyKind(undefined)
    }
  }

  /** 允许推送通知: the platform's dialog for every template of the kinds pushed (three at most). */
  const subscribe = () => {
    if (!prefs || !canSubscribe || subscribing) return
    const consent = requestSubscription(prefs.push.templateIds)
    setSubscribing(true)
    setResult(undefined)
    setError(undefined)
    void (async () => {
      try {
        const line = await record(await consent)
        setNeedsConsent(false)
        setResult(line ?? '当前无法开启推送，消息会保存在消息中心')
      } catch (err) {
        setError(errorMessage(err))
      } finally {
        setSubscribing(false)
      }
    })()
  }

  return { prefs, loadError, load, toggle, busyKind, subscribe, subscribing, canSubscribe, needsConsent, result, error, pushSupported }
}
