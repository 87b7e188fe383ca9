import { Text } from '@tarojs/components'
import { useElementId } from '../../page'
import { ALERT, STATUS } from '../a11y'

export interface NoticeProps {
  id?: string
  /** Nothing is shown without it. */
  text?: string
  /** `ok`: what an action did (`notice-ok`); `error`: why it failed (`form-error`). */
  kind: 'ok' | 'error'
}

/** A line under a form or an action: what it did or what is wrong (read out by screen readers: a status, an alert); nothing while there is nothing to say. */
export default function Notice({ id, text, kind }: NoticeProps) {
  const elementId = useElementId(id)
  if (!text) return null
  return (
    <Text id={elementId} className={kind === 'ok' ? 'notice-ok' : 'form-error notice-error'} {...(kind === 'ok' ? STATUS : ALERT)}>
      {text}
    </Text>
  )
}
