import { View, Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { routeParam } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import FaceProgress from '../../features/face/FaceProgress'
import { relativeOrAnyText } from '../../features/family/family'
import RelativeBanner from '../../features/family/RelativeBanner'
import { canCertify, chinaDateText, pensionAdvice, pensionStatusText } from '../../features/pension/pension'
import { usePensionCertification } from '../../features/pension/usePensionCertification'
import './index.css'

const ROUTE = 'pages/pension/index'

/**
 * 待遇资格认证: the yearly proof of life of a pensioner, by face, for the holder or (with
 * `subjectCardId`) a bound relative whose face is checked on this phone. The status, how
 * long it is valid, when the next one is due; three failed face checks in a day open a
 * manual review.
 */
export default function PensionPage() {
  const { shown, tid, elder } = usePage()
  const router = useRouter()
  const { screen, member, face, done, subjectCardId, load, start, checkPending } = usePensionCertification(
    ROUTE,
    routeParam(router.params?.subjectCardId),
  )

  const view = screen.kind === 'loaded' ? screen.view : undefined
  const subject = relativeOrAnyText(member)

  return (
    <Page id='page-pension' shown={shown} elder={elder}>
      {subjectCardId && <RelativeBanner id='pension-for-relative' member={member} words={(who) => `为${who}办理认证`} />}
      <ScreenState id='pension' screen={screen} onRetry={() => void load()} />

      {view && (
        <View>
          {done && (
            <Text id={tid('pension-done')} className='notice-ok'>
              {`认证成功${view.validUntil ? `，有效期至${chinaDateText(view.validUntil)}` : ''}`}
            </Text>
          )}
          <View className='pension-card'>
            <Text className='t-subtitle'>{elder ? '认证状态' : '养老保险待遇资格认证'}</Text>
            <Text id={tid('pension-status')} className={cx('pension-status', `pension-status--${view.status}`)} data-status={view.status}>
              {pensionStatusText(view.status)}
            </Text>
            <Text id={tid('pension-advice')} className='pension-advice'>
              {subjectCardId && view.status === 'not_applicable' ? '该亲属不是领取养老金的退休人员，无需认证' : pensionAdvice(view, elder)}
            </Text>
            <View className='pension-dates'>
              {view.validUntil && (
                <View className='row-between'>
                  <Text className='t-hint'>有效期至</Text>
                  <Text id={tid('pension-valid-until')} className='pension-date'>
                    {chinaDateText(view.validUntil)}
                  </Text>
                </View>
              )}
              {view.dueAt && view.status !== 'not_applicable' && (
                <View className='row-between'>
                  <Text className='t-hint'>{view.validUntil ? '下次认证开始' : '应认证日期'}</Text>
                  <Text id={tid('pension-due-at')} className='pension-date'>
                    {chinaDateText(view.dueAt)}
                  </Text>
                </View>
              )}
              {view.status === 'under_review' && view.reviewId && !elder && (
                <Text id={tid('pension-review')} className='t-hint'>
                  审核编号：{view.reviewId}
                </Text>
              )}
            </View>
          </View>

          {face && (
            <View id={tid('pension-face')} className='section'>
              <Text className='t-subtitle'>{subjectCardId ? `请${subject}本人刷脸` : '请本人刷脸'}</Text>
              <FaceProgress face={face} elder={elder} onCheck={checkPending} />
            </View>
          )}

          {canCertify(view.status) && !face?.locked && !done && (
            <View>
              {!elder && !face && (
                <Text className='t-hint'>
                  {subjectCardId ? '请亲属本人正对手机完成刷脸，全程无需到社保经办机构。' : '刷脸即可完成认证，全程无需到社保经办机构。'}
                </Text>
              )}
              <Btn
                id={tid('pension-start')}
                kind={view.status === 'certified' && !face ? 'default' : 'primary'}
                loading={!!face?.busy}
                onClick={() => void start()}
              >
                {face ? '重新刷脸' : view.status === 'certified' ? '重新认证' : '开始认证'}
              </Btn>
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
