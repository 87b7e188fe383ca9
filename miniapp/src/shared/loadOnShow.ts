/**
 * A page's data, loaded again on every show: the loading screen until one load has
 * succeeded, after that the screen on show stays up while it reloads; a failed load
 * shows what `failed` makes of the error (with `#retry` calling `load` again), and that
 * error gives way to the loading screen while the next load runs (never a stale error).
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
  /** The screen shows a failed load: it gives way to the loading screen while loading again (no stale error). */
  const showsError = useRef(false)
  const latest = useRef({ read, failed })
  latest.current = { read, failed }

  const load = useCallback(async () => {
    if (!loaded.current || showsError.current) setScreen({ kind: 'loading' })
    try {
      const next = await latest.current.read()
      loaded.current = true
      showsError.current = false
      setScreen(next)
    } catch (err) {
      showsError.current = true
      setScreen(latest.current.failed(err))
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  return { screen, setScreen, load }
}
