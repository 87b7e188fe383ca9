import { View, Text } from '@tarojs/components'
import Btn from '../Btn'
import { useElementId } from '../../page'
import './index.css'

export interface ConfirmDialogProps {
  /** Id prefix: `auth-confirm` gives #auth-confirm, #auth-confirm-ok and #auth-confirm-cancel. */
  id: string
  open: boolean
  title: string
  /** What happens, in plain words, one paragraph each. */
  paragraphs: string[]
  okText: string
  cancelText?: string
  /** The action is destructive (red button). */
  danger?: boolean
  busy?: boolean
  onOk: () => void
  onCancel: () => void
}

/** A modal question in the page (not the platform's showModal): the same large type in elder mode, test ids, screen-reader role. */
export default function ConfirmDialog({ id, open, title, paragraphs, okText, cancelText = '取消', danger, busy, onOk, onCancel }: ConfirmDialogProps) {
  const rootId = useElementId(id)
  if (!open) return null
  return (
    <View className='dialog-mask'>
      <View id={rootId} className='dialog' ariaRole='alertdialog' ariaLabel={title}>
        <Text className='dialog__title'>{title}</Text>
        {paragraphs.map((p) => (
          <Text key={p} className='dialog__text'>
            {p}
          </Text>
        ))}
        <Btn id={`${id}-ok`} kind={danger ? 'danger' : 'primary'} loading={busy} onClick={onOk}>
          {okText}
        </Btn>
        <Btn id={`${id}-cancel`} kind='link' disabled={busy} onClick={onCancel}>
          {cancelText}
        </Btn>
      </View>
    </View>
  )
}
