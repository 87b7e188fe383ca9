import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { initPlatform } from './shared/platform/login'
import { installKeyboardActivation } from './shared/platform/keyboard'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    initPlatform()
    installKeyboardActivation()
  })
  // children is the page being shown
  return children
}

export default App
