import { Text } from '@tarojs/components'
import Btn from '../../../shared/ui/Btn'
import FaceGuide from '../FaceGuide'
import type { FaceState } from '../face'

export interface FaceProgressProps {
  face: FaceState
  elder: boolean
  /** Asks the server again for a pending result (`#face-check`). */
  onCheck: () => void
}

/**
 * Where a face check stands: opening or asking (busy), the guidance after a failure
 * (`FaceGuide`), and `#face-check` while the server's result is pending. The page adds
 * its own title and start / retry buttons around it.
 */
export default function FaceProgress({ face, elder, onCheck }: FaceProgressProps) {
  return (
    <>
      {face.busy ? (
        <Text className='t-hint'>{face.message || '正在打开刷脸…'}</Text>
      ) : (
        (face.message || face.attemptsLeft !== undefined || face.locked) && (
          <FaceGuide
            message={face.message}
            attemptsLeft={face.pendingId ? undefined : face.attemptsLeft}
            locked={face.locked}
            reviewId={face.reviewId}
            elder={elder}
          />
        )
      )}
      {face.pendingId && !face.busy && (
        <Btn id='face-check' onClick={onCheck}>
          查询刷脸结果
        </Btn>
      )}
    </>
  )
}
