import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../elder'
import { PageShownContext } from '../../page'

export interface PageProps {
  /** The root's id (`page-<name>`), rendered whether or not the page is shown. */
  id: string
  /** Whether the page is on screen (`usePage().shown`): the element ids inside follow it. */
  shown: boolean
  /** Elder mode: the root gets the `elder` class. */
  elder: boolean
  /** The root's own class, after `page`. */
  className?: string
  children: ReactNode
}

/** A page's root (`.page`, `.elder` in elder mode), telling the components inside whether the page is shown. */
export default function Page({ id, shown, elder, className, children }: PageProps) {
  return (
    <PageShownContext.Provider value={shown}>
      <View id={id} className={cx('page', className, elder && 'elder')}>
        {children}
      </View>
    </PageShownContext.Provider>
  )
}
