import { View, Text } from '@tarojs/components'
import { useEffect, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import FaceProgress from '../../features/face/FaceProgress'
import { IdNumberField, NameField } from '../../features/card/IdentityFields'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { addFamilyMember, type AddFamilyMemberInput, type FamilyInvitation, type FamilyMember } from '../../features/family/api'
import { getFaceResult, type FaceResult } from '../../features/face/api'
import type { Relationship } from '../../features/family/family'
import { cx, useElderMode } from '../../shared/elder'
import { faceError, faceNotPassed, resumePendingFace, runFace, type FaceState } from '../../features/face/face'
import { chinaToday, guardianMayAddWithoutFace, isRelationship, relationshipText, RELATIONSHIPS } from '../../features/family/family'
import { idNumberProblem, nameProblem, normalizeIdNumber } from '../../lib/idNumber'
import { backOr } from '../../shared/nav'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import './index.css'

const ROUTE = 'pages/family-add/index'
const FAMILY_PAGE = '/pages/family/index'

type Step = 'form' | 'face' | 'done' | 'invited'

/** What survives the H5 face page (sessionStorage, this tab only), as the claim page keeps it. */
interface AddStash {
  relationship: Relationship
  name: string
  idNumber: string
}

interface Refusal {
  message: string
  code?: string
}

/**
 * 添加亲属: relationship, the relative's name and ID number, then either the relative's
 * own face check on this phone (purpose family), or for a child under 16 no face (a
 * guardian adds them), or an invitation the relative confirms in their own e-card.
 */
export default function FamilyAddPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder] = useElderMode()
  const [step, setStep] = useState<Step>('form')
  const [relationship, setRelationship] = useState<Relationship | undefined>()
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [relError, setRelError] = useState<string | undefined>()
  const [nameError, setNameError] = useState<string | undefined>()
  const [idError, setIdError] = useState<string | undefined>()
  const [refusal, setRefusal] = useState<Refusal | undefined>()
  const [submitting, setSubmitting] = useState<'child' | 'invite' | 'face' | undefined>()
  const [face, setFace] = useState<FaceState>({ busy: false })
  const [member, setMember] = useState<FamilyMember | undefined>()
  const [invitation, setInvitation] = useState<FamilyInvitation | undefined>()

  const formValues = (): AddStash | undefined => {
    const r = relationship ? undefined : '请选择与您的关系'
    const n = nameProblem(name)
    const i = idNumberProblem(idNumber)
    setRelError(r)
    setNameError(n)
    setIdError(i)
    if (r || n || i || !relationship) return undefined
    const id = normalizeIdNumber(idNumber)
    setIdNumber(id)
    return { relationship, name: name.trim(), idNumber: id }
  }

  // ---- adding -------------------------------------------------------------

  /** A refusal of POST /v1/family/members: its zh-CN detail, where it belongs. */
  const refused = (err: unknown, values: AddStash) => {
    const code = errorCode(err)
    const message = errorMessage(err)
    const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
    if (code && /^face_/.test(code) && code !== 'face_verification_required') {
      // The face check cannot be used (expired, used, other person…): a new one is needed.
      setFace({ busy: false, message })
      setStep('face')
      return
    }
    setStep('form')
    setFace({ busy: false })
    if (!code && fields.length > 0 && err instanceof ApiError) {
      setNameError(err.fieldMessage('name'))
      setIdError(err.fieldMessage('idNumber'))
    }
    setRelationship(values.relationship)
    setRefusal({ message, code: code ?? (err instanceof ApiError ? String(err.status) : undefined) })
  }

  const add = async (values: AddStash, how: 'face' | 'child' | 'invite', faceVerificationId?: string) => {
    setSubmitting(how)
    setRefusal(undefined)
    const input: AddFamilyMemberInput = { relationship: values.relationship, name: values.name, idNumber: values.idNumber }
    if (how === 'face') input.faceVerificationId = faceVerificationId
    if (how === 'invite') input.confirmBy = 'relative'
    try {
      const res = await addFamilyMember(input)
      if (res.kind === 'invitation') {
        setInvitation(res.invitation)
        setStep('invited')
      } else {
        setMember(res.member)
        setStep('done')
      }
    } catch (err) {
      refused(err, values)
    } finally {
      setSubmitting(undefined)
    }
  }

  // ---- face ---------------------------------------------------------------

  const applyFaceResult = (result: FaceResult, values: AddStash) => {
    if (result.status === 'passed') {
      setFace({ busy: true, message: '刷脸已通过，正在添加…' })
      void add(values, 'face', result.id)
    } else setFace(faceNotPassed(result, '亲属刷脸未通过'))
  }

  const faceFailed = (err: unknown) => setFace(faceError(err))

  // Back from the H5 face page: restore the form, ask the server, then add.
  useEffect(() => {
    const pending = resumePendingFace<AddStash>(ROUTE)
    if (!pending) return
    const state = pending.state
    if (!state || !isRelationship(state.relationship)) {
      // The tab lost what was typed (sessionStorage): start the form again.
      setRefusal({ message: '页面已刷新，请重新填写亲属信息' })
      return
    }
    setRelationship(state.relationship)
    setName(state.name)
    setIdNumber(state.idNumber)
    setStep('face')
    setFace({ busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(
      (r) => applyFaceResult(r, state),
      (err) => faceFailed(err),
    )
  }, [])

  const startFace = async (values: AddStash | undefined) => {
    if (!values) return
    setRefusal(undefined)
    setStep('face')
    setFace({ busy: true })
    try {
      const outcome = await runFace<AddStash>({ purpose: 'family', name: values.name, idNumber: values.idNumber }, ROUTE, values)
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result, values)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err)
    }
  }

  const checkPending = async () => {
    if (!face.pendingId || !relationship) return
    const id = face.pendingId
    const values = { relationship, name: name.trim(), idNumber: normalizeIdNumber(idNumber) }
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(await getFaceResult(id), values)
    } catch (err) {
      faceFailed(err)
    }
  }

  // ---- render -------------------------------------------------------------

  const childPath = guardianMayAddWithoutFace(relationship, idNumber, chinaToday(Date.now()))
  const busy = !!submitting

  return (
    <PageShownContext.Provider value={shown}>
      <View id='page-family-add' className={cx('page', elder && 'elder')}>
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
                    onClick={() => {
                      setRelationship(r)
                      setRelError(undefined)
                      setRefusal(undefined)
                    }}
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
                  onClick={() => {
                    const v = formValues()
                    if (v) void add(v, 'child')
                  }}
                >
                  {elder ? '直接添加' : '直接添加（未满16周岁子女）'}
                </Btn>
              </View>
            )}
            {!elder && !childPath && <Text className='t-hint'>请亲属本人在这部手机上刷脸，确认同意由您代办。</Text>}
            <Btn id={tid('family-face-start')} kind={childPath ? 'default' : 'primary'} disabled={busy} onClick={() => void startFace(formValues())}>
              {elder ? '请亲属本人刷脸' : '亲属在本机刷脸添加'}
            </Btn>
            <Text className='family-add-or'>亲属不在身边？</Text>
            <Btn
              id={tid('family-invite')}
              kind='default'
              loading={submitting === 'invite'}
              disabled={busy}
              onClick={() => {
                const v = formValues()
                if (v) void add(v, 'invite')
              }}
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
                onClick={() => relationship && void startFace({ relationship, name: name.trim(), idNumber: normalizeIdNumber(idNumber) })}
              >
                {face.message || face.attemptsLeft !== undefined ? '重新刷脸' : '开始刷脸'}
              </Btn>
            )}
            <Btn
              id={tid('family-edit')}
              kind='link'
              disabled={face.busy}
              onClick={() => {
                setFace({ busy: false })
                setStep('form')
              }}
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
      </View>
    </PageShownContext.Provider>
  )
}
