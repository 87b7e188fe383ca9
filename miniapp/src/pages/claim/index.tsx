import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import Checkbox from '../../shared/ui/Checkbox'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import CardFace from '../../features/card/CardFace'
import { IdNumberField, NameField } from '../../features/card/IdentityFields'
import { CLAIM_STEP_TITLES, useClaim } from '../../features/card/useClaim'
import FaceProgress from '../../features/face/FaceProgress'
import NewCardPin from '../../features/pin/NewCardPin'
import './index.css'

const ROUTE = 'pages/claim/index'

/** 申领电子社保卡: consent, identity, face, PIN, done (`#claim-step`, `data-step`). */
export default function ClaimPage() {
  const { shown, tid, elder } = usePage()
  const claim = useClaim(ROUTE)

  return (
    <Page id='page-claim' shown={shown} elder={elder}>
      <View id={tid('claim-step')} className='steps' data-step={claim.step}>
        <Text className='t-hint'>
          {claim.step === 'done' ? '' : `第${claim.stepIndex + 1}步 / 共4步`}
        </Text>
        <Text className='t-title'>{CLAIM_STEP_TITLES[claim.step]}</Text>
      </View>

      {claim.step === 'consent' && (
        <View className='section'>
          {elder && !claim.showFullNotice ? (
            <View>
              <Text className='t-body'>领卡要用您的姓名、身份证号，并刷脸确认是您本人。</Text>
              <Btn id={tid('consent-full')} kind='link' onClick={claim.openFullNotice}>
                查看完整说明
              </Btn>
            </View>
          ) : (
            <View id={tid('consent-notice')} className='notice'>
              <Text className='t-subtitle'>个人信息处理告知</Text>
              <Text className='t-body'>
                为向您签发电子社会保障卡，我们将处理您的姓名、身份证号（敏感个人信息）和人脸核验结果（敏感个人信息），用于核验“实人、实名、实卡”。
              </Text>
              <Text className='t-body'>
                人脸图像由人脸核验服务商采集和比对，本程序不保存您的人脸图像；姓名和身份证号加密存储，展示时脱敏处理，仅用于社保卡服务，不会提供给本应用的运营方或其他第三方。
              </Text>
              <Text className='t-body'>
                信息保存至您解绑或注销电子社保卡为止，法律法规另有规定的除外。您可以随时查询、更正或申请删除您的个人信息，也可以撤回授权（解绑）。
              </Text>
            </View>
          )}
          <Checkbox id={tid('consent-check')} checked={claim.consent} onClick={claim.toggleConsent}>
            <Text className='t-body'>{elder ? '我同意' : '我已阅读并同意上述个人信息处理规则'}</Text>
          </Checkbox>
          <Btn id={tid('consent-next')} kind='primary' disabled={!claim.consent} onClick={claim.toIdentity}>
            同意并继续
          </Btn>
        </View>
      )}

      {claim.step === 'identity' && (
        <View className='section'>
          <Notice kind='error' text={claim.claimError} />
          <NameField id='name' label='姓名' maxLength={50} identity={claim.identity} />
          <IdNumberField id='id' label='身份证号' identity={claim.identity} />
          <Btn id={tid('identity-next')} kind='primary' onClick={claim.submitIdentity}>
            下一步
          </Btn>
        </View>
      )}

      {claim.step === 'face' && (
        <View className='section'>
          <Text className='t-body'>{elder ? '请本人刷脸' : '请本人正对手机，按提示完成刷脸，确认是您本人在办理。'}</Text>
          <FaceProgress face={claim.face} elder={elder} onCheck={claim.checkPending} />
          {!claim.face.locked && (
            <Btn id={tid('face-start')} kind='primary' loading={claim.face.busy} onClick={claim.startFace}>
              {claim.face.attemptsLeft !== undefined || claim.face.message ? '重新刷脸' : '开始刷脸'}
            </Btn>
          )}
          <Btn
            id={tid('identity-edit')}
            kind='link'
            disabled={claim.face.busy}
            onClick={claim.editIdentity}
          >
            修改姓名或身份证号
          </Btn>
        </View>
      )}

      {claim.step === 'pin' && (
        <View className='section'>
          <NewCardPin
            pin={claim.pin}
            busy={claim.claiming}
            error={claim.claimError}
            errorId='claim-error'
            ids={{ phase: tid('pin-phase'), rules: tid('pin-rules'), submit: tid('pin-confirm-next'), restart: tid('pin-reset') }}
            onSubmit={claim.submitClaim}
            firstHint={
              <Text id={tid('pin-card-hint')} className='t-body'>
                {elder
                  ? '这是电子社保卡的密码，不是实体社保卡的密码'
                  : '这是电子社保卡的密码，用于支付、挂失和解绑等，与实体社保卡在银行、医院使用的密码不是同一个。'}
              </Text>
            }
          />
        </View>
      )}

      {claim.step === 'done' && claim.card && (
        <View id={tid('claim-success')}>
          <Text className='notice-ok'>{elder ? '领卡成功' : '领卡成功，请牢记您的电子社保卡密码'}</Text>
          <CardFace card={claim.card} elder={elder} />
          <Btn id={tid('claim-done')} kind='primary' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            完成
          </Btn>
        </View>
      )}
    </Page>
  )
}
