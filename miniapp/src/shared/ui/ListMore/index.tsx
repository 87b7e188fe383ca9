import { Text } from '@tarojs/components'
import Btn from '../Btn'
import Notice from '../Notice'
import { useElementId } from '../../page'

export interface ListMoreProps {
  /** Id prefix: `txn` gives #txn-more and #txn-end (class `txn-end`). */
  id: string
  /** A next page is there (the list has a cursor). */
  more: boolean
  /** The list shows anything: the end is only said under a non-empty list. */
  any: boolean
  busy: boolean
  /** Why the last next page failed. */
  error?: string
  onMore: () => void
}

/** Under a paged list: why the next page failed, 加载更多 while there is one, else 没有更多了. */
export default function ListMore({ id, more, any, busy, error, onMore }: ListMoreProps) {
  const endId = useElementId(`${id}-end`)
  return (
    <>
      <Notice kind='error' text={error} />
      {more && (
        <Btn id={`${id}-more`} kind='link' loading={busy} onClick={onMore}>
          加载更多
        </Btn>
      )}
      {!more && any && (
        <Text id={endId} className={`t-hint ${id}-end`}>
          没有更多了
        </Text>
      )}
    </>
  )
}
