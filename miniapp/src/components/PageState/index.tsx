import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** What every page shows while its data loads. */
export function LoadingState({ id }: { id?: string }) {
  return (
    <View id={id} className='state'>
      <Text className='t-body'>正在加载…</Text>
    </View>
  )
}

/** A page-level error, with what the holder can do about it (retry, claim, …) as children. */
export function ErrorState({ id, message, children }: { id?: string; message: string; children?: ReactNode }) {
  return (
    <View id={id} className='state'>
      <Text className='form-error'>{message}</Text>
      {children}
    </View>
  )
}
