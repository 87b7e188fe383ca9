import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { ScreenState } from '../../shared/ui/PageState'
import { errorMessage } from '../../shared/api/client'
import { useLoadOnShow } from '../../shared/loadOnShow'
import { formatFen } from '../../features/settlement/money'
import { chinaDateTime } from '../../features/settlement/settlement'
import { getBills, type Bill } from '../../features/bills/api'
import { billStatusText, isPayable } from '../../features/bills/bills'
import './index.css'
import { control } from '../../shared/ui/a11y'

type Screen = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; bills: Bill[] }

/** 待缴账单: bills hospitals and pharmacies pushed to the holder, those to pay first, then the rest. */
export default function BillsPage() {
  const { shown, tid, elder } = usePage()
  const { screen, load } = useLoadOnShow<Screen>(
    async () => ({ kind: 'loaded', bills: await getBills() }),
    (err) => ({ kind: 'error', message: errorMessage(err) }),
  )
  const bills = screen.kind === 'loaded' ? screen.bills : []
  const toPay = bills.filter((b) => isPayable(b.status) || b.status === 'paying')
  const others = bills.filter((b) => !toPay.includes(b))
  const open = (b: Bill) => Taro.navigateTo({ url: `/pages/bill/index?id=${encodeURIComponent(b.id)}` })

  const row = (b: Bill) => (
    <View key={b.id} id={tid(`bill-${b.id}`)} className='bill-row row-between' data-status={b.status} hoverClass='index-entry--hover' {...control()} onClick={() => void open(b)}>
      <View>
        <Text className='bill-row__name'>{b.institution.name}</Text>
        <Text className='t-hint'>{`${formatFen(b.split.total)} · ${billStatusText(b.status)}`}</Text>
        {!elder && <Text className='t-hint'>{chinaDateTime(b.createdAt)}</Text>}
      </View>
      <Text className='bill-row__go'>›</Text>
    </View>
  )

  return (
    <Page id='page-bills' shown={shown} elder={elder}>
      <ScreenState id='bills' screen={screen} onRetry={() => void load()} />
      {screen.kind === 'loaded' && (
        <View>
          <Text className='t-subtitle'>{elder ? '要交的钱' : '待支付'}</Text>
          {toPay.length === 0 ? (
            <Text id={tid('bills-none')} className='t-hint state'>
              没有待支付的账单
            </Text>
          ) : (
            <View id={tid('bills-to-pay')}>{toPay.map(row)}</View>
          )}
          {others.length > 0 && (
            <View id={tid('bills-history')}>
              <Text className='t-subtitle'>{elder ? '以前的' : '历史账单'}</Text>
              {others.map(row)}
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
