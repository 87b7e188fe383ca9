import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import { cx } from '../../shared/elder'
import { backOr } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { IdNumberField, NameField } from '../../features/card/IdentityFields'
import FaceProgress from '../../features/face/FaceProgress'
import { relationshipText, RELATIONSHIPS } from '../../features/family/family'
import FamilyClaimSteps, { familyClaimProgress, familyClaimTitle } from '../../features/family/FamilyClaimSteps'
import { useFamilyAdd } from '../../features/family/useFamilyAdd'
import './index.css'
import { ALERT, control } from '../../shared/ui/a11y'

const ROUTE = 'pages/family-add/index'
const FAMILY_PAGE = '/pages/family/index'

/**
 * 添加亲属: relationship, the relative's name and ID number, then either the relative's
 * own face check on this phone (purpose family), or for a child under 16 no face (a
 * guardian adds them), or an invitation the relative confirms in their own e-card. A
 * relative without a card is offered 为TA申领 (`data-step` claim-offer … claim-done).
 */
export default function FamilyAddPage() {
  const { shown, tid, elder } = usePage()
  const add = useFamilyAdd(ROUTE)
  const busy = !!add.submitting
  const claiming = add.step === 'claim'
  const claimGuardian = !!add.claim.subject?.guardian

  return (
    <Page id='page-family-add' shown={shown} elder={elder}>
      <View id={tid('family-add-step')} className='family-add-step' data-step={claiming ? `claim-${add.claim.step}` : add.step}>
        {claiming && familyClaimProgress(add.claim.step) !== '' && <Text className='t-hint'>{familyClaimProgress(add.claim.step)}</Text>}
        <Text className='t-title'>
          {claiming
            ? familyClaimTitle(add.claim.step, claimGuardian)
            : add.step === 'face'
              ? '亲属刷脸核验'
              : add.step === 'done'
                ? '添加成功'
                : add.step === 'invited'
                  ? '已发送邀请'
                  : '添加亲属'}
        </Text>
      </View>

      {claiming && (
        <FamilyClaimSteps
          claim={add.claim}
          elder={elder}
          why={add.refusal}
          onCancel={add.leaveClaim}
          onShowCode={(memberId) => void Taro.navigateTo({ url: `/pages/code/index?memberId=${encodeURIComponent(memberId)}` })}
          onFinish={() => backOr(FAMILY_PAGE)}
        />
      )}

      {add.step === 'form' && (
        <View className='section'>
          {add.refusal && (
            <Text id={tid('family-add-error')} className='form-error' {...ALERT} data-code={add.refusal.code ?? ''}>
              {add.refusal.message}
            </Text>
          )}
          <View className='field'>
            <Text className='field__label'>{elder ? '他/她是您的' : '亲属是您的'}</Text>
            <View id={tid('family-rel')} className='chips' data-value={add.relationship ?? ''}>
              {RELATIONSHIPS.map((r) => (
                <View
                  key={r}
                  id={tid(`family-rel-${r}`)}
                  className={cx('chip', 'family-rel', add.relationship === r && 'chip--on')}
                  {...control('radio')}
                  aria-checked={add.relationship === r ? 'true' : 'false'}
                  data-value={r}
                  onClick={() => add.chooseRelationship(r)}
                >
                  {relationshipText(r)}
                </View>
              ))}
            </View>
            <Notice id='family-rel-error' kind='error' text={add.relError} />
          </View>
          <NameField
            id='family-name'
            label='亲属姓名'
            maxLength={30}
            identity={add.identity}
          />
          <IdNumberField id='family-id' label='亲属身份证号' identity={add.identity} />

          {add.childPath && (
            <View>
              {!elder && <Text className='t-hint'>未满16周岁的子女由监护人直接添加，无需刷脸。</Text>}
              <Btn
                id={tid('family-add-child')}
                kind='primary'
                loading={add.submitting === 'child'}
                disabled={busy}
                onClick={add.addChild}
              >
                {elder ? '直接添加' : '直接添加（未满16周岁子女）'}
              </Btn>
            </View>
          )}
          {!elder && !add.childPath && <Text className='t-hint'>请亲属本人在这部手机上刷脸，确认同意由您代办。</Text>}
          <Btn id={tid('family-face-start')} kind={add.childPath ? 'default' : 'primary'} disabled={busy} onClick={add.startFaceFromForm}>
            {elder ? '请亲属本人刷脸' : '亲属在本机刷脸添加'}
          </Btn>
          <Text className='family-add-or'>亲属不在身边？</Text>
          <Btn
            id={tid('family-invite')}
            kind='default'
            loading={add.submitting === 'invite'}
            disabled={busy}
            onClick={add.invite}
          >
            请亲属在自己的电子社保卡中确认
          </Btn>
        </View>
      )}

      {add.step === 'face' && (
        <View id={tid('family-face')} className='section'>
          <Text className='t-body'>
            {elder ? '请亲属本人刷脸' : `请${add.relationship ? relationshipText(add.relationship) : '亲属'}本人正对手机，按提示完成刷脸。`}
          </Text>
          <FaceProgress face={add.face} elder={elder} onCheck={add.checkPending} />
          {!add.face.locked && !add.face.busy && (
            <Btn
              id={tid('family-face-start')}
              kind='primary'
              onClick={add.retryFace}
            >
              {add.face.message || add.face.attemptsLeft !== undefined ? '重新刷脸' : '开始刷脸'}
            </Btn>
          )}
          <Btn
            id={tid('family-edit')}
            kind='link'
            disabled={add.face.busy}
            onClick={add.editForm}
          >
            返回修改
          </Btn>
        </View>
      )}

      {add.step === 'done' && add.member && (
        <View id={tid('family-add-done')} className='section'>
          <Text className='notice-ok'>
            已添加{relationshipText(add.member.relationship)} {add.member.maskedName}
          </Text>
          {!elder && <Text className='t-hint'>现在可以为亲属出示电子社保卡码、办理待遇资格认证、查询缴费和个人账户记录。</Text>}
          <Btn id={tid('family-add-back')} kind='primary' onClick={() => backOr(FAMILY_PAGE)}>
            完成
          </Btn>
        </View>
      )}

      {add.step === 'invited' && add.invitation && (
        <View id={tid('family-invited')} className='section'>
          <Text className='notice-ok'>
            已邀请 {add.invitation.relative?.maskedName ?? ''}（{relationshipText(add.invitation.relationship)}）
          </Text>
          <Text className='t-body'>请亲属打开自己的电子社保卡，在“亲情服务”中确认。邀请7天内有效。</Text>
          <Btn id={tid('family-add-back')} kind='primary' onClick={() => backOr(FAMILY_PAGE)}>
            完成
          </Btn>
        </View>
      )}
    </Page>
  )
}
