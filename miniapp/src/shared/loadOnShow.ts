/**
 * A page's data, loaded again on every show: the loading screen until one load has
 * succeeded, after that the screen on show stays up while it reloads; a failed load
 * shows what `failed` makes of the error (with `#retry` calling `load` again).
 */
import { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'

export type LoadingScreen = { kind: 'loading' }

/**
 * `read` loads and returns the screen to show; `failed` turns its error into one. Both
 * may change from render to render: `load` (stable) calls the latest.
 */
export function useLoadOnShow<S extends { kind: string }>(read: () => Promise<S>, failed: (err: unknown) => S) {
  const [screen, setScreen] = useState<S | LoadingScreen>({ kind: 'loading' })
  const loaded = useRef(false)
  const latest = useRef({ read, failed })
  latest.current = { read, failed }

  const load = useCallback(async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const next = await latest.current.read()
      loaded.current = true
      setScreen(next)
    } catch (err) {
      setScreen(latest.current.failed(err))
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  return { screen, setScreen, load }
}
