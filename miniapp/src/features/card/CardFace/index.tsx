import { View, Text } from '@tarojs/components'
import type { Card } from '../api'
import { chinaDate, statusText } from '../card'
import { cx } from '../../../shared/elder'
import { PageShownContext, pageId } from '../../../shared/page'
import { useContext } from 'react'
import './index.css'

export interface CardFaceProps {
  card: Card
  /** Elder mode: only name, status and card number. */
  elder?: boolean
}

/** The e-card as the holder sees it: masked personal information and a status badge. */
export default function CardFace({ card, elder }: CardFaceProps) {
  const shown = useContext(PageShownContext)
  const lapse = card.status === 'lost_temporary' ? chinaDate(card.lossReport?.expiresAt) : undefined
  return (
    <View id={pageId(shown, 'card-face')} className={cx('card-face', `card-face--${card.status}`)}>
      <View className='card-face__head'>
        <Text className='card-face__title'>{elder ? '社保卡' : '中华人民共和国社会保障卡'}</Text>
        <Text id={pageId(shown, 'card-status')} className={cx('card-status', `card-status--${card.status}`)}>
          {statusText(card.status)}
        </Text>
      </View>
      <View className='card-face__region'>
        <Text id={pageId(shown, 'card-region')}>{card.regionName || card.region}</Text>
      </View>
      <View className='card-face__row'>
        <Text className='card-face__label'>姓名</Text>
        <Text id={pageId(shown, 'card-name')} className='card-face__value'>{card.maskedName}</Text>
      </View>
      {!elder && (
        <View className='card-face__row'>
          <Text className='card-face__label'>身份证号</Text>
          <Text id={pageId(shown, 'card-id-number')} className='card-face__value'>{card.maskedIdNumber}</Text>
        </View>
      )}
      <View className='card-face__row'>
        <Text className='card-face__label'>卡号</Text>
        <Text id={pageId(shown, 'card-number')} className='card-face__value'>{card.maskedCardNumber}</Text>
      </View>
      {lapse && <Text className='card-face__note'>临时挂失将于 {lapse} 自动解除</Text>}
      {card.status === 'lost_formal' && <Text className='card-face__note'>已正式挂失，解除挂失后才能使用</Text>}
      {card.status === 'cancelled' && <Text className='card-face__note'>此卡已注销，不能使用</Text>}
    </View>
  )
}
