import { View, Text } from '@tarojs/components'
import { cx } from '../../lib/elder'
import { useElementId } from '../../lib/page'

export interface ElderSwitchProps {
  on: boolean
  onChange: (on: boolean) => void
}

/** The 长辈版 switch (`#elder-toggle`); the setting is kept and applies to every page. */
export default function ElderSwitch({ on, onChange }: ElderSwitchProps) {
  const id = useElementId('elder-toggle')
  return (
    <View
      id={id}
      className={cx('switch', on && 'switch--on')}
      ariaRole='switch'
      ariaLabel='长辈版'
      aria-checked={on ? 'true' : 'false'}
      data-on={on ? '1' : '0'}
      onClick={() => onChange(!on)}
    >
      <View>
        <Text className='t-subtitle'>长辈版</Text>
        {!on && <Text className='t-hint'>字更大，按钮更大</Text>}
      </View>
      <View className={cx('switch__track', on && 'switch__track--on')}>
        <View className='switch__knob' />
      </View>
    </View>
  )
}
