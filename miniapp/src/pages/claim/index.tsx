import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import CardFace from '../../features/card/CardFace'
import FaceProgress from '../../features/face/FaceProgress'
import { IdNumberField, NameField } from '../../features/card/IdentityFields'
import PinPad from '../../shared/ui/PinPad'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { claimCard, type Card } from '../../features/card/api'
import { getFaceResult, type FaceResult } from '../../features/face/api'
import { cx, useElderMode } from '../../shared/elder'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { resumePendingFace, runFace, type FaceState } from '../../features/face/face'
import { idNumberProblem, nameProblem, normalizeIdNumber } from '../../lib/idNumber'
import { PIN_LENGTH, PIN_RULES, pinProblem } from '../../lib/pin'
import './index.css'

const ROUTE = 'pages/claim/index'

type Step = 'consent' | 'identity' | 'face' | 'pin' | 'done'

const STEP_TITLES: Record<Step, string> = {
  consent: '授权同意',
  identity: '填写身份信息',
  face: '刷脸核验',
  pin: '设置密码',
  done: '领卡成功',
}
const STEP_ORDER: Step[] = ['consent', 'identity', 'face', 'pin', 'done']

/** What survives the H5 face page (sessionStorage, this tab only). */
interface ClaimStash {
  name: string
  idNumber: string
}

export default function ClaimPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder] = useElderMode()
  const [step, setStep] = useState<Step>('consent')
  const [consent, setConsent] = useState(false)
  const [showFullNotice, setShowFullNotice] = useState(false)

  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [nameError, setNameError] = useState<string | undefined>()
  const [idError, setIdError] = useState<string | undefined>()

  const [face, setFace] = useState<FaceState>({ busy: false })
  const [faceVerificationId, setFaceVerificationId] = useState<string | undefined>()

  const [pinPhase, setPinPhase] = useState<'first' | 'confirm'>('first')
  const [pin1, setPin1] = useState('')
  const [pin2, setPin2] = useState('')
  const [pinError, setPinError] = useState<string | undefined>()
  const [claiming, setClaiming] = useState(false)
  const [claimError, setClaimError] = useState<string | undefined>()
  const [card, setCard] = useState<Card | undefined>()

  // ---- face -------------------------------------------------------------

  const applyFaceResult = (result: FaceResult) => {
    if (result.status === 'passed') {
      setFaceVerificationId(result.id)
      setFace({ busy: false })
      setStep('pin')
      return
    }
    if (result.status === 'pending') {
      setFace({ busy: false, pendingId: result.id, message: '正在确认刷脸结果，请稍候再查询' })
      return
    }
    setFace({
      busy: false,
      message: '刷脸未通过',
      attemptsLeft: result.attemptsLeft,
      locked: result.attemptsLeft <= 0,
    })
  }

  const faceFailed = (err: unknown) => {
    if (errorCode(err) === 'face_locked') {
      setFace({ busy: false, locked: true, attemptsLeft: 0 })
      return
    }
    setFace({ busy: false, message: errorMessage(err) })
  }

  // Back from the H5 face page: ask the server for the result.
  useEffect(() => {
    const pending = resumePendingFace<ClaimStash>(ROUTE)
    if (!pending) return
    if (pending.state) {
      setName(pending.state.name)
      setIdNumber(pending.state.idNumber)
    }
    setConsent(true)
    setStep(pending.state ? 'face' : 'identity')
    if (!pending.state) return
    setFace({ busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(applyFaceResult, faceFailed)
  }, [])

  const startFace = async () => {
    setFace({ busy: true })
    try {
      const id = normalizeIdNumber(idNumber)
      const outcome = await runFace<ClaimStash>({ purpose: 'claim', name: name.trim(), idNumber: id }, ROUTE, {
        name: name.trim(),
        idNumber: id,
      })
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(outcome.result)
      else setFace({ busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(err)
    }
  }

  const checkPending = async () => {
    if (!face.pendingId) return
    const id = face.pendingId
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(await getFaceResult(id))
    } catch (err) {
      faceFailed(err)
    }
  }

  // ---- identity ---------------------------------------------------------

  const submitIdentity = () => {
    const n = nameProblem(name)
    const i = idNumberProblem(idNumber)
    setNameError(n)
    setIdError(i)
    if (n || i) return
    setIdNumber(normalizeIdNumber(idNumber))
    setFace({ busy: false })
    setStep('face')
  }

  // ---- PIN and claim ----------------------------------------------------

  const resetPins = (message?: string) => {
    setPin1('')
    setPin2('')
    setPinPhase('first')
    setPinError(message)
  }

  const firstPinDone = (value: string) => {
    const problem = pinProblem(value, normalizeIdNumber(idNumber))
    if (problem) {
      setPin1('')
      setPinError(problem)
      return
    }
    setPinError(undefined)
    setPinPhase('confirm')
  }

  const submitClaim = async () => {
    if (pin2.length !== PIN_LENGTH || claiming) return
    if (pin2 !== pin1) {
      resetPins('两次输入的密码不一致，请重新设置')
      return
    }
    if (!faceVerificationId) {
      setStep('face')
      return
    }
    setClaiming(true)
    setClaimError(undefined)
    try {
      const claimed = await claimCard({
        name: name.trim(),
        idNumber: normalizeIdNumber(idNumber),
        faceVerificationId,
        pin: pin1,
      })
      setCard(claimed)
      setStep('done')
    } catch (err) {
      const message = errorMessage(err)
      const fields = err instanceof ApiError ? err.errors.map((e) => e.field) : []
      if (fields.some((f) => /pin/i.test(f)) || /pin/i.test(errorCode(err) ?? '')) {
        resetPins(message)
      } else if (fields.some((f) => /face/i.test(f)) || /face/i.test(errorCode(err) ?? '')) {
        resetPins()
        setFaceVerificationId(undefined)
        setFace({ busy: false, message })
        setStep('face')
      } else if (fields.some((f) => /name|idNumber/i.test(f))) {
        resetPins()
        setFaceVerificationId(undefined)
        setIdError(err instanceof ApiError ? err.fieldMessage('idNumber') : undefined)
        setNameError(err instanceof ApiError ? err.fieldMessage('name') : undefined)
        setClaimError(message)
        setStep('identity')
      } else {
        setClaimError(message)
      }
    } finally {
      setClaiming(false)
    }
  }

  // ---- render -----------------------------------------------------------

  const stepIndex = STEP_ORDER.indexOf(step)

  return (
    <PageShownContext.Provider value={shown}>
    <View id='page-claim' className={cx('page', elder && 'elder')}>
      <View id={tid('claim-step')} className='steps' data-step={step}>
        <Text className='t-hint'>
          {step === 'done' ? '' : `第${stepIndex + 1}步 / 共4步`}
        </Text>
        <Text className='t-title'>{STEP_TITLES[step]}</Text>
      </View>

      {step === 'consent' && (
        <View className='section'>
          {elder && !showFullNotice ? (
            <View>
              <Text className='t-body'>领卡要用您的姓名、身份证号，并刷脸确认是您本人。</Text>
              <Btn id={tid('consent-full')} kind='link' onClick={() => setShowFullNotice(true)}>
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
                人脸图像由人脸核验服务商采集和比对，本程序不保存您的人脸图像；姓名和身份证号加密存储，展示时脱敏处理，仅用于社保卡服务，不会提供给本渠道或其他第三方。
              </Text>
              <Text className='t-body'>
                信息保存至您解绑或注销电子社保卡为止，法律法规另有规定的除外。您可以随时查询、更正或申请删除您的个人信息，也可以撤回授权（解绑）。
              </Text>
            </View>
          )}
          <View
            id={tid('consent-check')}
            className={cx('checkbox', consent && 'checkbox--on')}
            ariaRole='checkbox'
            aria-checked={consent ? 'true' : 'false'}
            data-checked={consent ? '1' : '0'}
            onClick={() => setConsent(!consent)}
          >
            <View className='checkbox__box'>{consent ? '✓' : ''}</View>
            <Text className='t-body'>{elder ? '我同意' : '我已阅读并同意上述个人信息处理规则'}</Text>
          </View>
          <Btn id={tid('consent-next')} kind='primary' disabled={!consent} onClick={() => setStep('identity')}>
            同意并继续
          </Btn>
        </View>
      )}

      {step === 'identity' && (
        <View className='section'>
          {claimError && <Text className='form-error'>{claimError}</Text>}
          <NameField id='name' label='姓名' maxLength={50} value={name} error={nameError} onChange={setName} onError={setNameError} />
          <IdNumberField id='id' label='身份证号' value={idNumber} error={idError} onChange={setIdNumber} onError={setIdError} />
          <Btn id={tid('identity-next')} kind='primary' onClick={submitIdentity}>
            下一步
          </Btn>
        </View>
      )}

      {step === 'face' && (
        <View className='section'>
          <Text className='t-body'>{elder ? '请本人刷脸' : '请本人正对手机，按提示完成刷脸，确认是您本人在办理。'}</Text>
          <FaceProgress face={face} elder={elder} onCheck={checkPending} />
          {!face.locked && (
            <Btn id={tid('face-start')} kind='primary' loading={face.busy} onClick={startFace}>
              {face.attemptsLeft !== undefined || face.message ? '重新刷脸' : '开始刷脸'}
            </Btn>
          )}
          <Btn
            id={tid('identity-edit')}
            kind='link'
            disabled={face.busy}
            onClick={() => {
              setFace({ busy: false })
              setStep('identity')
            }}
          >
            修改姓名或身份证号
          </Btn>
        </View>
      )}

      {step === 'pin' && (
        <View className='section'>
          <Text id={tid('pin-phase')} className='t-subtitle' data-phase={pinPhase}>
            {pinPhase === 'first' ? '请设置6位社保卡密码' : '请再次输入密码'}
          </Text>
          <Text id={tid('pin-rules')} className='t-hint'>
            {PIN_RULES}
          </Text>
          {pinPhase === 'first' ? (
            <PinPad
              key='first'
              name='pin-first'
              value={pin1}
              onChange={(v) => {
                setPin1(v)
                if (v) setPinError(undefined)
              }}
              onComplete={firstPinDone}
            />
          ) : (
            <PinPad key='confirm' name='pin-confirm' value={pin2} onChange={setPin2} disabled={claiming} />
          )}
          {pinError && (
            <Text id={tid('pin-error')} className='form-error'>
              {pinError}
            </Text>
          )}
          {claimError && (
            <Text id={tid('claim-error')} className='form-error'>
              {claimError}
            </Text>
          )}
          {pinPhase === 'confirm' && (
            <View>
              <Btn
                id={tid('pin-confirm-next')}
                kind='primary'
                disabled={pin2.length !== PIN_LENGTH}
                loading={claiming}
                onClick={submitClaim}
              >
                确认并领卡
              </Btn>
              <Btn id={tid('pin-reset')} kind='link' disabled={claiming} onClick={() => resetPins()}>
                重新设置
              </Btn>
            </View>
          )}
        </View>
      )}

      {step === 'done' && card && (
        <View id={tid('claim-success')}>
          <Text className='notice-ok'>{elder ? '领卡成功' : '领卡成功，请牢记您的社保卡密码'}</Text>
          <CardFace card={card} elder={elder} />
          <Btn id={tid('claim-done')} kind='primary' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            完成
          </Btn>
        </View>
      )}
    </View>
    </PageShownContext.Provider>
  )
}
