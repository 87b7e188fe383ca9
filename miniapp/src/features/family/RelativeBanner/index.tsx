import { Text } from '@tarojs/components'
import { useElementId } from '../../../shared/page'
import { relativeOrAnyText } from '../family'

export interface RelativeBannerProps {
  id: string
  /** The relative, once loaded. */
  member?: { relationship?: string; maskedName: string }
  /** The banner's words for who it is (父母张*国, or 亲属 until the relative is known). */
  words: (who: string) => string
}

/** The banner of a page opened for a bound relative (`?subjectCardId=`): whose records or certification these are. */
export default function RelativeBanner({ id, member, words }: RelativeBannerProps) {
  const elementId = useElementId(id)
  return (
    <Text id={elementId} className='banner'>
      {words(relativeOrAnyText(member))}
    </Text>
  )
}
