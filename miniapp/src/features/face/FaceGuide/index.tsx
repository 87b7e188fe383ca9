import { View, Text } from '@tarojs/components'
import { useContext } from 'react'
import { PageShownContext, pageId } from '../../../shared/page'
import { FACE_TIPS, FACE_TIPS_SHORT, lockedMessage } from '../face'
import './index.css'

export interface FaceGuideProps {
  /** Why the last attempt did not pass (shown first). */
  message?: string
  attemptsLeft?: number
  locked?: boolean
  /** The manual review case opened for the holder, when the server named it. */
  reviewId?: string
  elder?: boolean
}

/** Guidance after a failed face check, the attempts left, or the manual review notice. */
export default function FaceGuide({ message, attemptsLeft, locked, reviewId, elder }: FaceGuideProps) {
  const shown = useContext(PageShownContext)
  if (locked || attemptsLeft === 0) {
    return (
      <View id={pageId(shown, 'face-locked')} className='face-guide face-guide--locked'>
        <Text className='face-guide__title'>{lockedMessage()}</Text>
        {reviewId && !elder && <Text className='face-guide__tip'>审核编号：{reviewId}</Text>}
        {!elder && <Text className='face-guide__tip'>您也可以携带身份证和社保卡到就近社保服务网点办理。</Text>}
      </View>
    )
  }
  const tips = elder ? FACE_TIPS_SHORT : FACE_TIPS
  return (
    <View id={pageId(shown, 'face-guide')} className='face-guide'>
      {message && <Text className='face-guide__title'>{message}</Text>}
      {attemptsLeft !== undefined && (
        <Text id={pageId(shown, 'face-attempts')} className='face-guide__attempts'>
          还可尝试 {attemptsLeft} 次
        </Text>
      )}
      {tips.map((tip) => (
        <Text key={tip} className='face-guide__tip'>
          · {tip}
        </Text>
      ))}
    </View>
  )
}
