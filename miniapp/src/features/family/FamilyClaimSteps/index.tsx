import { View, Text } from '@tarojs/components'
import Btn from '../../../shared/ui/Btn'
import Checkbox from '../../../shared/ui/Checkbox'
import { useElementId } from '../../../shared/page'
import FaceProgress from '../../face/FaceProgress'
import NewCardPin from '../../pin/NewCardPin'
import { relationshipText } from '../family'
import type { FamilyClaim, FamilyClaimStep } from '../useFamilyClaim'
import './index.css'

/** The title of each step of 为TA申领 (`#family-add-step`). */
export function familyClaimTitle(step: FamilyClaimStep, guardian: boolean): string {
  switch (step) {
    case 'offer':
      return guardian ? '为孩子申领电子社保卡' : '为TA申领电子社保卡'
    case 'consent':
      return guardian ? '监护人阅读并同意' : '请TA本人阅读并同意'
    case 'face':
      return guardian ? '监护人刷脸' : 'TA本人刷脸'
    case 'pin':
      return guardian ? '为孩子设置密码' : 'TA本人设置密码'
    case 'done':
      return '申领成功'
  }
}

/** 第1步 / 共3步 for consent, face and PIN; nothing for the offer and the end. */
export function familyClaimProgress(step: FamilyClaimStep): string {
  const i = (['consent', 'face', 'pin'] as FamilyClaimStep[]).indexOf(step)
  return i < 0 ? '' : `第${i + 1}步 / 共3步`
}

export interface FamilyClaimStepsProps {
  claim: FamilyClaim
  elder: boolean
  /** Why the claim is offered: the add's refusal (family_relative_no_card), its words and code. */
  why?: { message: string; code?: string }
  /** Out of the claim, back to the form. */
  onCancel: () => void
  /** 出示TA的电子社保卡码 (the page navigates). */
  onShowCode: (memberId: string) => void
  /** 完成: back to family (the page navigates). */
  onFinish: () => void
}

/**
 * 为TA申领电子社保卡 inside family-add: the offer, the relative's consent (a child's: the
 * guardian's), the face check, the relative's PIN twice, the end with the relative's code.
 */
export default function FamilyClaimSteps({ claim, elder, why, onCancel, onShowCode, onFinish }: FamilyClaimStepsProps) {
  const guardian = !!claim.subject?.guardian
  const ids = {
    offer: useElementId('family-claim-offer'),
    why: useElementId('family-claim-why'),
    consent: useElementId('family-claim-consent'),
    notice: useElementId('family-claim-notice'),
    face: useElementId('family-claim-face'),
    pin: useElementId('family-claim-pin'),
    phase: useElementId('family-claim-pin-phase'),
    rules: useElementId('pin-rules'),
    done: useElementId('family-claim-done'),
  }
  const cancel = (
    <Btn id='family-claim-cancel' kind='link' disabled={claim.face.busy || claim.submitting} onClick={onCancel}>
      返回修改
    </Btn>
  )

  if (claim.step === 'offer') {
    return (
      <View id={ids.offer} className='section'>
        {why && (
          <Text id={ids.why} className='t-body family-claim-why' data-code={why.code ?? ''}>
            {why.message}
          </Text>
        )}
        {elder ? (
          <Text className='t-body'>{guardian ? '由您（监护人）刷脸，为孩子设置密码。' : '需要TA本人在场刷脸，并自己设置密码。'}</Text>
        ) : guardian ? (
          <View className='family-claim-list'>
            <Text className='t-body'>由您作为监护人为孩子申领：</Text>
            <Text className='t-body'>1. 监护人阅读并代为同意个人信息处理规则</Text>
            <Text className='t-body'>2. 监护人（您本人）在这部手机上刷脸</Text>
            <Text className='t-body'>3. 监护人为孩子设置6位电子社保卡密码并牢记</Text>
            <Text className='t-hint'>领卡后孩子自动添加到您的亲情服务。</Text>
          </View>
        ) : (
          <View className='family-claim-list'>
            <Text className='t-body'>需要TA本人在场：</Text>
            <Text className='t-body'>1. TA本人阅读并同意个人信息处理规则</Text>
            <Text className='t-body'>2. TA本人在这部手机上刷脸</Text>
            <Text className='t-body'>3. TA本人设置6位电子社保卡密码并牢记</Text>
            <Text className='t-hint'>领卡后TA自动添加到您的亲情服务；TA在自己的手机上也可以使用这张卡。</Text>
          </View>
        )}
        <Btn id='family-claim-start' kind='primary' onClick={claim.toConsent}>
          {guardian ? '为孩子申领电子社保卡' : '为TA申领电子社保卡'}
        </Btn>
        {cancel}
      </View>
    )
  }

  if (claim.step === 'consent') {
    return (
      <View id={ids.consent} className='section'>
        <View id={ids.notice} className='family-claim-notice'>
          <Text className='t-subtitle'>个人信息处理告知</Text>
          {guardian ? (
            <>
              <Text className='t-body'>
                为向您的孩子签发电子社会保障卡，我们将处理孩子的姓名、身份证号（敏感个人信息）和监护人的人脸核验结果（敏感个人信息），用于核验“实人、实名、实卡”。未成年人的个人信息由监护人代为同意。
              </Text>
              <Text className='t-body'>
                人脸图像由人脸核验服务商采集和比对，本程序不保存人脸图像；姓名和身份证号加密存储，展示时脱敏处理，仅用于社保卡服务，不会提供给您使用的应用或其他第三方。
              </Text>
              <Text className='t-body'>领卡后孩子的电子社保卡绑定到您的亲情服务，您可以为孩子出示电子社保卡码、查询记录。</Text>
              <Text className='t-body'>
                信息保存至解绑或注销电子社保卡为止，法律法规另有规定的除外。您可以随时查询、更正或申请删除孩子的个人信息，也可以撤回授权（解绑）。
              </Text>
            </>
          ) : (
            <>
              <Text className='t-body'>
                为向您签发电子社会保障卡，我们将处理您的姓名、身份证号（敏感个人信息）和人脸核验结果（敏感个人信息），用于核验“实人、实名、实卡”。
              </Text>
              <Text className='t-body'>
                人脸图像由人脸核验服务商采集和比对，本程序不保存您的人脸图像；姓名和身份证号加密存储，展示时脱敏处理，仅用于社保卡服务，不会提供给您使用的应用或其他第三方。
              </Text>
              <Text className='t-body'>
                领卡后这张卡绑定到为您申领的亲属的亲情服务：TA可以为您出示电子社保卡码、查询记录、办理待遇资格认证。您可以随时在自己的电子社保卡中解除绑定。
              </Text>
              <Text className='t-body'>
                信息保存至您解绑或注销电子社保卡为止，法律法规另有规定的除外。您可以随时查询、更正或申请删除您的个人信息，也可以撤回授权（解绑）。
              </Text>
            </>
          )}
        </View>
        <Checkbox id='family-claim-consent-check' checked={claim.consent} onClick={claim.toggleConsent}>
          <Text className='t-body'>
            {guardian
              ? elder
                ? '监护人代为同意'
                : '本人是孩子的监护人，已阅读并代为同意上述个人信息处理规则'
              : elder
                ? '本人（被申领人）同意'
                : '本人（被申领人）已阅读并同意上述个人信息处理规则'}
          </Text>
        </Checkbox>
        <Btn id='family-claim-consent-next' kind='primary' disabled={!claim.consent} onClick={claim.consentAndFace}>
          同意并开始刷脸
        </Btn>
        {cancel}
      </View>
    )
  }

  if (claim.step === 'face') {
    return (
      <View id={ids.face} className='section'>
        <Text className='t-body'>
          {guardian
            ? elder
              ? '请您（监护人）本人刷脸'
              : '请您（监护人）本人正对手机，按提示完成刷脸，确认由监护人为孩子申领。'
            : elder
              ? '请TA本人刷脸'
              : '请TA本人正对手机，按提示完成刷脸，确认是TA本人在申领。'}
        </Text>
        <FaceProgress face={claim.face} elder={elder} onCheck={claim.checkPending} />
        {!claim.face.locked && !claim.face.busy && (
          <Btn id='family-claim-face-start' kind='primary' onClick={claim.retryFace}>
            {claim.face.message || claim.face.attemptsLeft !== undefined ? '重新刷脸' : '开始刷脸'}
          </Btn>
        )}
        {cancel}
      </View>
    )
  }

  if (claim.step === 'pin') {
    return (
      <View id={ids.pin} className='section'>
        <NewCardPin
          pin={claim.pin}
          busy={claim.submitting}
          error={claim.error}
          errorId='family-claim-error'
          ids={{ phase: ids.phase, rules: ids.rules, submit: 'family-claim-submit', restart: 'family-claim-pin-reset' }}
          onSubmit={() => void claim.submit()}
          before={
            <Text className='notice-ok family-claim-hand'>
              {guardian ? '请监护人为孩子设置密码并牢记' : '请把手机交给TA：请让TA本人设置密码并牢记'}
            </Text>
          }
        />
      </View>
    )
  }

  const member = claim.member
  return (
    <View id={ids.done} className='section'>
      <Text className='notice-ok'>
        {member ? `已为${relationshipText(member.relationship)} ${member.maskedName} 申领电子社保卡，并添加到亲情服务` : '申领成功'}
      </Text>
      <Text className='t-hint'>
        {elder
          ? guardian
            ? '请牢记为孩子设置的密码'
            : '请TA牢记刚才设置的密码'
          : guardian
            ? '请牢记为孩子设置的电子社保卡密码。现在可以为孩子出示电子社保卡码。'
            : '请TA牢记刚才设置的电子社保卡密码：TA以后在自己的手机上领取电子社保卡时要输入这个密码。'}
      </Text>
      {member && (
        <Btn id='family-claim-code' kind='primary' onClick={() => onShowCode(member.memberId)}>
          {guardian ? '出示孩子的电子社保卡码' : '出示TA的电子社保卡码'}
        </Btn>
      )}
      <Btn id='family-add-back' kind='default' onClick={onFinish}>
        完成
      </Btn>
    </View>
  )
}
