import { View, Text } from '@tarojs/components'
import Switch from '../Switch'

export interface ElderSwitchProps {
  on: boolean
  onChange: (on: boolean) => void
}

/** The 长辈版 switch (`#elder-toggle`) in its own section; the setting is kept and applies to every page. */
export default function ElderSwitch({ on, onChange }: ElderSwitchProps) {
  return (
    <View className='section'>
      <Switch id='elder-toggle' label='长辈版' on={on} onClick={() => onChange(!on)}>
        <View>
          <Text className='t-subtitle'>长辈版</Text>
          {!on && <Text className='t-hint'>字更大，按钮更大</Text>}
        </View>
      </Switch>
    </View>
  )
}
