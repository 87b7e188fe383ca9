import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'

/** 开具证明: from the records pages to the proof page, for the relative shown (`subjectCardId`) or the holder. */
export default function ProofLink({ subjectCardId, elder }: { subjectCardId?: string; elder: boolean }) {
  const url = subjectCardId ? `/pages/proof/index?subjectCardId=${encodeURIComponent(subjectCardId)}` : '/pages/proof/index'
  return (
    <Btn id='go-proof' kind='default' onClick={() => void Taro.navigateTo({ url })}>
      {elder ? '开具证明' : '开具参保证明 / 缴费证明'}
    </Btn>
  )
}
