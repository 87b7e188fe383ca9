import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { Settlement } from '../api'
import { cx } from '../../../shared/elder'
import { formatFen } from '../money'
import { useElementId } from '../../../shared/page'
import { chinaDateTime, itemClassText, lineTotal, pooledFundReasons, pooledFundReasonsTitle, quantityText, ratioText } from '../settlement'
import { patientText, relationshipText } from '../../family/family'
import './index.css'

export interface SettlementViewProps {
  settlement: Settlement
  /** Id prefix: `pay` gives #pay-institution, #pay-total, … and items `.pay-item`. */
  prefix: string
  elder?: boolean
  /** Shown between the amounts and the items (the payment page's PIN pad). */
  children?: ReactNode
}

/** A line of the split: what pays, and how much (`amountId` on the amount). */
function SplitRow({ className, label, amountId, amount }: { className?: string; label: string; amountId?: string; amount: string }) {
  return (
    <View className={cx('settlement__row', className)}>
      <Text className='settlement__part'>{label}</Text>
      <Text id={amountId} className='settlement__amount'>
        {amount}
      </Text>
    </View>
  )
}

/**
 * A bill as the holder checks it: the institution, the total and its split (统筹基金 /
 * 个人账户 / 现金), the items and, outside elder mode, how the pooled fund's share came about.
 */
export default function SettlementView({ settlement: s, prefix, elder, children }: SettlementViewProps) {
  const id = (name: string) => `${prefix}-${name}`
  const institutionId = useElementId(id('institution'))
  const totalId = useElementId(id('total'))
  const pooledId = useElementId(id('pooled'))
  const accountId = useElementId(id('account'))
  const cashId = useElementId(id('cash'))
  const patientId = useElementId(id('patient'))
  const familyAccountId = useElementId(id('family-account'))
  const whyId = useElementId(id('pooled-why'))
  const familyAccount = s.split.familyAccount ?? 0
  const payer = s.familyAccountPayer
  const b = s.breakdown
  // Elder mode: the same facts as the rows below, in plain sentences.
  const reasons = elder ? pooledFundReasons(s.split.pooledFund, b) : []
  const details: Array<[string, string]> = []
  if (b && !elder) {
    if (b.deductibleApplied > 0) details.push(['起付线（本次计入）', formatFen(b.deductibleApplied)])
    if (b.classBSelfPay > 0) details.push(['乙类先行自付', formatFen(b.classBSelfPay)])
    if (b.classC > 0) details.push(['丙类自费', formatFen(b.classC)])
    if (b.overCap > 0) details.push(['超出封顶线', formatFen(b.overCap)])
    if (b.reimbursementBp > 0) details.push(['统筹报销比例', ratioText(b.reimbursementBp)])
  }

  return (
    <View className={cx('settlement', elder && 'settlement--elder')}>
      {s.patient && (
        <Text id={patientId} className='settlement__patient'>
          {patientText(s.patient)}
        </Text>
      )}
      <View className='section'>
        <Text className='settlement__label'>{elder ? '医药机构' : '定点医药机构'}</Text>
        <Text id={institutionId} className='settlement__institution'>
          {s.institution?.name || '定点医药机构'}
        </Text>
        {!elder && (
          <Text className='t-hint'>
            单号 {s.institutionOrderId} · {chinaDateTime(s.createdAt)}
          </Text>
        )}
      </View>

      <View className='section'>
        <Text className='settlement__label'>费用总额</Text>
        <Text id={totalId} className='settlement__total'>
          {formatFen(s.split.total)}
        </Text>
        <SplitRow label='统筹基金支付' amountId={pooledId} amount={formatFen(s.split.pooledFund)} />
        <SplitRow label='个人账户支付' amountId={accountId} amount={formatFen(s.split.personalAccount)} />
        {familyAccount > 0 && (
          <View id={familyAccountId} className='settlement__row settlement__row--family' data-amount={familyAccount}>
            <Text className='settlement__part'>
              家庭共济支付
              {payer ? `（${payer.maskedName}${payer.relationship && !elder ? `，${relationshipText(payer.relationship)}` : ''}的个人账户）` : ''}
            </Text>
            <Text className='settlement__amount'>{formatFen(familyAccount)}</Text>
          </View>
        )}
        <SplitRow className='settlement__row--cash' label='现金支付' amountId={cashId} amount={formatFen(s.split.cash)} />
        {details.map(([label, value]) => (
          <SplitRow key={label} className='settlement__row--detail' label={label} amount={value} />
        ))}
        {reasons.length > 0 && (
          <View id={whyId} className='settlement__why'>
            <Text className='settlement__why-title'>{pooledFundReasonsTitle(s.split.pooledFund)}</Text>
            {reasons.map((line) => (
              <Text key={line} className='settlement__why-line'>
                {line}
              </Text>
            ))}
          </View>
        )}
      </View>

      {children}

      <View className='section'>
        <Text className='settlement__label'>费用明细（{s.items.length}项）</Text>
        {s.items.map((item, i) => (
          <View key={`${item.code}-${i}`} className={cx(`${prefix}-item`, 'settlement__item')} data-class={item.class}>
            <View className='settlement__item-head'>
              <Text className={cx('item-class', `item-class--${item.class}`)}>{itemClassText(item.class)}</Text>
              <Text className='settlement__item-name'>{item.name}</Text>
            </View>
            <View className='settlement__row'>
              <Text className='settlement__qty'>
                {quantityText(item.quantity)} × {formatFen(item.unitPrice)}
              </Text>
              <Text className='settlement__amount'>{formatFen(lineTotal(item))}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
