/**
 * Push preferences per kind. Turning push on asks the platform's consent first (WeChat:
 * `wx.requestSubscribeMessage` with the template ids of the preferences answer, which
 * must start from the tap itself), saves the preference, then tells the server what the
 * holder allowed (`POST /v1/notifications/subscriptions`). H5 has no push: the page says so.
 */
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { errorMessage } from '../../shared/api/client'
import { getNotificationPreferences, postSubscriptions, putNotificationPreferences, type NotificationPreferences } from './api'
import { withPush } from './notifications'
import { pushSupported, requestSubscription, type SubscriptionOutcome } from './subscribe'

export function useNotificationPrefs() {
  const [prefs, setPrefs] = useState<NotificationPreferences | undefined>()
  const [loadError, setLoadError] = useState<string | undefined>()
  const [busyKind, setBusyKind] = useState<string | undefined>()
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

  const toggle = (kind: string) => {
    if (!prefs || busyKind) return
    const pref = prefs.preferences.find((p) => p.kind === kind)
    if (!pref) return
    const push = !pref.push
    // First, in the tap itself: WeChat refuses the dialog after an await.
    const consent: Promise<SubscriptionOutcome> | undefined = push && canSubscribe ? requestSubscription(prefs.push.templateIds) : undefined
    void save(kind, push, consent)
  }

  const save = async (kind: string, push: boolean, consent: Promise<SubscriptionOutcome> | undefined) => {
    if (!prefs) return
    setBusyKind(kind)
    setResult(undefined)
    setError(undefined)
    try {
      const next = withPush(prefs.preferences, kind, push)
      const saved = await putNotificationPreferences(next.map((p) => ({ kind: p.kind, push: p.push })))
      setPrefs(saved)
      if (!consent) {
        setResult(push ? '已开启推送' : '已关闭推送，消息仍会保存在消息中心')
        return
      }
      const outcome = await consent
      if (outcome.kind === 'answered') {
        const answers = Object.values(outcome.results)
        if (answers.length > 0) await postSubscriptions(outcome.results)
        setResult(
          answers.includes('accept')
            ? '已开启推送，有新消息时会通知您'
            : '已开启推送，但您未允许接收订阅消息，消息只会保存在消息中心',
        )
      } else if (outcome.kind === 'failed') {
        setResult('已开启推送，但订阅消息请求未成功，消息会保存在消息中心')
      } else {
        setResult('已开启推送')
      }
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusyKind(undefined)
    }
  }

  return { prefs, loadError, load, toggle, busyKind, result, error, pushSupported }
}
