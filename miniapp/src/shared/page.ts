/**
 * Stable element ids only on the page being shown. Taro H5 keeps the pages below the
 * current one in the DOM (hidden), so without this `#elder-toggle` would match the
 * hidden home page too; end-to-end selectors stay unique this way.
 */
import { createContext, useContext, useState } from 'react'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useElderMode } from './elder'

export const PageShownContext = createContext<boolean>(true)

/** True while this page is the one on screen. */
export function usePageShown(): boolean {
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  return shown
}

/** `id` while the page is shown, else undefined. */
export function pageId(shown: boolean, id: string | undefined): string | undefined {
  return shown ? id : undefined
}

/** For components: the id to render, given the enclosing page's visibility. */
export function useElementId(id: string | undefined): string | undefined {
  return pageId(useContext(PageShownContext), id)
}

/**
 * What every page starts with: whether it is on screen, `tid` for its element ids (only
 * while shown) and elder mode with its setter.
 */
export function usePage() {
  const shown = usePageShown()
  const [elder, setElder] = useElderMode()
  return { shown, tid: (id: string) => pageId(shown, id), elder, setElder }
}
