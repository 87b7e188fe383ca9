import { View, Text } from '@tarojs/components'
import Btn from '../../shared/ui/Btn'
import { cx } from '../../shared/elder'
import { backOr } from '../../shared/nav'
import { usePage } from '../../shared/page'
import Page from '../../shared/ui/Page'
import { IdNumberField, NameField } from '../../features/card/IdentityFields'
import FaceProgress from '../../features/face/FaceProgress'
import { relationshipText, RELATIONSHIPS } from '../../features/family/family'
import { useFamilyAdd } from '../../features/family/useFamilyAdd'
import './index.css'

const ROUTE = 'pages/family-add/index'
const FAMILY_PAGE = '/pages/family/index'

/**
 * 添加亲属: relationship, the relative's name and ID number, then either the relative's
 * own face check on this phone (purpose family), or for a child under 16 no face (a
 * guardian adds them), or an invitation the relative confirms in their own e-card.
 */
export default function FamilyAddPage() {
  const { shown, tid, elder } = usePage()
  const {
    step,
    relationship,
    chooseRelationship,
    relError,
    name,
    setName,
    nameError,
    setNameError,
    idNumber,
    setIdNumber,
    idError,
    setIdError,
    refusal,
    submitting,
    childPath,
    face,
    member,
    invitation,
    addChild,
    invite,
    startFaceFromForm,
    retryFace,
    checkPending,
    editForm,
  } = useFamilyAdd(ROUTE)
  const busy = !!submitting

  return (
    <Page id='page-family-add' shown={shown} elder={elder}>
      <View id={tid('family-add-step')} className='family-add-step' data-step={step}>
        <Text className='t-title'>
          {step === 'face' ? '亲属刷脸核验' : step === 'done' ? '添加成功' : step === 'invited' ? '已发送邀请' : '添加亲属'}
        </Text>
      </View>

      {step === 'form' && (
        <View className='section'>
          {refusal && (
            <Text id={tid('family-add-error')} className='form-error' data-code={refusal.code ?? ''}>
              {refusal.message}
            </Text>
          )}
          <View className='field'>
            <Text className='field__label'>{elder ? '他/她是您的' : '亲属是您的'}</Text>
            <View id={tid('family-rel')} className='chips' data-value={relationship ?? ''}>
              {RELATIONSHIPS.map((r) => (
                <View
                  key={r}
                  id={tid(`family-rel-${r}`)}
                  className={cx('chip', 'family-rel', relationship === r && 'chip--on')}
                  ariaRole='radio'
                  aria-checked={relationship === r ? 'true' : 'false'}
                  data-value={r}
                  onClick={() => chooseRelationship(r)}
                >
                  {relationshipText(r)}
                </View>
              ))}
            </View>
            {relError && (
              <Text id={tid('family-rel-error')} className='form-error'>
                {relError}
              </Text>
            )}
          </View>
          <NameField
            id='family-name'
            label='亲属姓名'
            maxLength={30}
            value={name}
            error={nameError}
            onChange={setName}
            onError={setNameError}
          />
          <IdNumberField id='family-id' label='亲属身份证号' value={idNumber} error={idError} onChange={setIdNumber} onError={setIdError} />

          {childPath && (
            <View>
              {!elder && <Text className='t-hint'>未满16周岁的子女由监护人直接添加，无需刷脸。</Text>}
              <Btn
                id={tid('family-add-child')}
                kind='primary'
                loading={submitting === 'child'}
                disabled={busy}
                onClick={addChild}
              >
                {elder ? '直接添加' : '直接添加（未满16周岁子女）'}
              </Btn>
            </View>
          )}
          {!elder && !childPath && <Text className='t-hint'>请亲属本人在这部手机上刷脸，确认同意由您代办。</Text>}
          <Btn id={tid('family-face-start')} kind={childPath ? 'default' : 'primary'} disabled={busy} onClick={startFaceFromForm}>
            {elder ? '请亲属本人刷脸' : '亲属在本机刷脸添加'}
          </Btn>
          <Text className='family-add-or'>亲属不在身边？</Text>
          <Btn
            id={tid('family-invite')}
            kind='default'
            loading={submitting === 'invite'}
            disabled={busy}
            onClick={invite}
          >
            请亲属在自己的电子社保卡中确认
          </Btn>
        </View>
      )}

      {step === 'face' && (
        <View id={tid('family-face')} className='section'>
          <Text className='t-body'>
            {elder ? '请亲属本人刷脸' : `请${relationship ? relationshipText(relationship) : '亲属'}本人正对手机，按提示完成刷脸。`}
          </Text>
          <FaceProgress face={face} elder={elder} onCheck={checkPending} />
          {!face.locked && !face.busy && (
            <Btn
              id={tid('family-face-start')}
              kind='primary'
              onClick={retryFace}
            >
              {face.message || face.attemptsLeft !== undefined ? '重新刷脸' : '开始刷脸'}
            </Btn>
          )}
          <Btn
            id={tid('family-edit')}
            kind='link'
            disabled={face.busy}
            onClick={editForm}
          >
            返回修改
          </Btn>
        </View>
      )}

      {step === 'done' && member && (
        <View id={tid('family-add-done')} className='section'>
          <Text className='notice-ok'>
            已添加{relationshipText(member.relationship)} {member.maskedName}
          </Text>
          {!elder && <Text className='t-hint'>现在可以为亲属出示医保码、办理待遇资格认证、查询缴费和个人账户记录。</Text>}
          <Btn id={tid('family-add-back')} kind='primary' onClick={() => backOr(FAMILY_PAGE)}>
            完成
          </Btn>
        </View>
      )}

      {step === 'invited' && invitation && (
        <View id={tid('family-invited')} className='section'>
          <Text className='notice-ok'>
            已邀请 {invitation.relative?.maskedName ?? ''}（{relationshipText(invitation.relationship)}）
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
