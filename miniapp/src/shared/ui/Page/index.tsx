import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import { cx } from '../../elder'
import { PageShownContext, pageId } from '../../page'
import { control, HEADING } from '../a11y'
import './index.css'

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

const HOME = 'pages/index/index'

interface BarState {
  title: string
  /** A page below this one to go back to. */
  canBack: boolean
  /** This page is home (no 首页 link). */
  home: boolean
}

/** What the H5 top bar shows for the page on screen: its config title, back when there is history. */
function readBar(): BarState {
  const current = Taro.getCurrentInstance()
  const config = (current.page as { config?: { navigationBarTitleText?: string } } | null | undefined)?.config
  const path = (current.router?.path ?? '').replace(/^\//, '').split('?')[0] ?? ''
  return {
    title: config?.navigationBarTitleText ?? (typeof document === 'undefined' ? '' : document.title),
    canBack: Taro.getCurrentPages().length > 1,
    home: path === '' || path === HOME,
  }
}

/**
 * H5 only (mini-programs have the platform's own bar): a light top bar with the page's
 * title (its `navigationBarTitleText`), 返回 when there is a page below, else 首页 on
 * any page but home (after the H5 face page the app restarts at the page that sent the
 * holder there).
 */
function H5Bar({ shown }: { shown: boolean }) {
  const [bar, setBar] = useState<BarState>(() => readBar())
  useDidShow(() => setBar(readBar()))
  const id = (name: string) => pageId(shown, name)
  return (
    <View id={id('h5-bar')} className='h5-bar'>
      {bar.canBack ? (
        <View id={id('h5-bar-back')} className='h5-bar__side h5-bar__back' {...control()} aria-label='返回' onClick={() => void Taro.navigateBack()}>
          ‹ 返回
        </View>
      ) : !bar.home ? (
        <View id={id('h5-bar-home')} className='h5-bar__side h5-bar__back' {...control()} onClick={() => void Taro.reLaunch({ url: `/${HOME}` })}>
          首页
        </View>
      ) : (
        <View className='h5-bar__side' />
      )}
      {/* The page's heading for screen readers (h1): its title. */}
      <Text id={id('h5-bar-title')} className='h5-bar__title' {...HEADING}>
        {bar.title}
      </Text>
      <View className='h5-bar__side' />
    </View>
  )
}

/** A page's root (`.page`, `.elder` in elder mode), telling the components inside whether the page is shown; on H5 the top bar first. */
export default function Page({ id, shown, elder, className, children }: PageProps) {
  return (
    <PageShownContext.Provider value={shown}>
      <View id={id} className={cx('page', className, elder && 'elder', process.env.TARO_ENV === 'h5' && 'page--h5')}>
        {process.env.TARO_ENV === 'h5' && <H5Bar shown={shown} />}
        {children}
      </View>
    </PageShownContext.Provider>
  )
}
