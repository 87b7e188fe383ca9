import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import Btn from '../../shared/ui/Btn'
import ElderSwitch from '../../shared/ui/ElderSwitch'
import FaceProgress from '../../features/face/FaceProgress'
import PinSheet from '../../shared/ui/PinSheet'
import { statusText, chinaDate } from '../../features/card/CardFace'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFaceResult, type FaceResult } from '../../features/face/api'
import { getMyCard, liftLoss, reportLoss, unbindCurrent, type Card } from '../../features/card/api'
import { cx, useElderMode } from '../../shared/elder'
import { PageShownContext, pageId, usePageShown } from '../../shared/page'
import { resumePendingFace, runFace, type FaceState } from '../../features/face/face'
import { LoadErrorState, LoadingState } from '../../shared/ui/PageState'
import './index.css'

const ROUTE = 'pages/settings/index'

type Screen =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'unclaimed' }
  | { kind: 'card'; card: Card }
  | { kind: 'unbound' }

/** What needs a face check first. */
type FaceAction = 'lift' | 'unbind'

type SettingsFace = FaceState & { action: FaceAction }

type Sheet =
  | { kind: 'loss'; lossKind: 'temporary' | 'formal' }
  | { kind: 'lift'; faceVerificationId: string }
  | { kind: 'unbind-pin' }

interface SettingsStash {
  action: FaceAction
}

export default function SettingsPage() {
  const shown = usePageShown()
  const tid = (id: string) => pageId(shown, id)
  const [elder, setElder] = useElderMode()
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' })
  const [sheet, setSheet] = useState<Sheet | undefined>()
  const [chooseUnbind, setChooseUnbind] = useState(false)
  const [face, setFace] = useState<SettingsFace | undefined>()
  const [result, setResult] = useState<string | undefined>()
  const [actionError, setActionError] = useState<string | undefined>()
  const loaded = useRef(false)

  const load = useCallback(async () => {
    if (!loaded.current) setScreen({ kind: 'loading' })
    try {
      const card = await getMyCard()
      loaded.current = true
      setScreen(card ? { kind: 'card', card } : { kind: 'unclaimed' })
    } catch (err) {
      setScreen({ kind: 'error', message: errorMessage(err) })
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  // ---- face-first actions ------------------------------------------------

  const afterFacePassed = async (action: FaceAction, faceVerificationId: string) => {
    setFace(undefined)
    if (action === 'lift') {
      setSheet({ kind: 'lift', faceVerificationId })
      return
    }
    try {
      await unbindCurrent({ faceVerificationId })
      setScreen({ kind: 'unbound' })
    } catch (err) {
      setActionError(errorMessage(err))
    }
  }

  const applyFaceResult = (action: FaceAction, r: FaceResult) => {
    if (r.status === 'passed') {
      void afterFacePassed(action, r.id)
    } else if (r.status === 'pending') {
      setFace({ action, busy: false, pendingId: r.id, message: '正在确认刷脸结果，请稍候再查询' })
    } else {
      setFace({ action, busy: false, message: '刷脸未通过', attemptsLeft: r.attemptsLeft, locked: r.attemptsLeft <= 0 })
    }
  }

  const faceFailed = (action: FaceAction, err: unknown) => {
    if (errorCode(err) === 'face_locked') setFace({ action, busy: false, locked: true, attemptsLeft: 0 })
    else setFace({ action, busy: false, message: errorMessage(err) })
  }

  // Back from the H5 face page.
  useEffect(() => {
    const pending = resumePendingFace<SettingsStash>(ROUTE)
    if (!pending?.state) return
    const action = pending.state.action
    setFace({ action, busy: true, message: '正在查询刷脸结果…' })
    getFaceResult(pending.verificationId).then(
      (r) => applyFaceResult(action, r),
      (err) => faceFailed(action, err),
    )
  }, [])

  const startFace = async (action: FaceAction) => {
    setResult(undefined)
    setActionError(undefined)
    setChooseUnbind(false)
    setFace({ action, busy: true })
    try {
      const outcome = await runFace<SettingsStash>({ purpose: action === 'lift' ? 'unlock' : 'unbind' }, ROUTE, { action })
      if (outcome.kind === 'redirected') return
      if (outcome.kind === 'result') applyFaceResult(action, outcome.result)
      else setFace({ action, busy: false, message: outcome.message })
    } catch (err) {
      faceFailed(action, err)
    }
  }

  const checkPending = async () => {
    if (!face?.pendingId) return
    const { action, pendingId } = face
    setFace({ ...face, busy: true })
    try {
      applyFaceResult(action, await getFaceResult(pendingId))
    } catch (err) {
      faceFailed(action, err)
    }
  }

  // ---- PIN sheet ---------------------------------------------------------

  const openSheet = (s: Sheet) => {
    setResult(undefined)
    setActionError(undefined)
    setFace(undefined)
    setSheet(s)
  }

  const submitSheet = async (pin: string) => {
    if (!sheet) return
    if (sheet.kind === 'loss') {
      await reportLoss(sheet.lossKind, pin)
      setResult(sheet.lossKind === 'temporary' ? '已临时挂失，7天后自动解除' : '已正式挂失')
    } else if (sheet.kind === 'lift') {
      await liftLoss(pin, sheet.faceVerificationId)
      setResult('已解除挂失，卡片恢复正常')
    } else {
      await unbindCurrent({ pin })
      setSheet(undefined)
      setScreen({ kind: 'unbound' })
      return
    }
    setSheet(undefined)
    await load()
  }

  const sheetProps = (() => {
    if (!sheet) return { title: '', description: '' }
    if (sheet.kind === 'loss' && sheet.lossKind === 'temporary') {
      return {
        title: '临时挂失',
        description: elder ? '7天后自动解除' : '临时挂失7天后自动解除。挂失期间，本卡在所有渠道的二维码都不能使用。',
      }
    }
    if (sheet.kind === 'loss') {
      return {
        title: '正式挂失',
        description: elder ? '要解除挂失才能再用' : '正式挂失一直有效，需解除挂失才能恢复使用；补办实体卡请到社保服务网点。',
      }
    }
    if (sheet.kind === 'lift') return { title: '解除挂失', description: elder ? '' : '刷脸已通过，请输入密码完成解除挂失。' }
    return { title: '解绑', description: elder ? '' : '解绑后本渠道不再显示您的电子社保卡，可随时重新申领。' }
  })()

  // ---- render --------------------------------------------------------------

  const card = screen.kind === 'card' ? screen.card : undefined
  const lost = card && (card.status === 'lost_temporary' || card.status === 'lost_formal')
  const lapse = card?.status === 'lost_temporary' ? chinaDate(card.lossReport?.expiresAt) : undefined

  return (
    <PageShownContext.Provider value={shown}>
    <View id='page-settings' className={cx('page', elder && 'elder')}>
      {screen.kind === 'loading' && <LoadingState id={tid('settings-loading')} />}
      {screen.kind === 'error' && <LoadErrorState id={tid('settings-error')} message={screen.message} onRetry={() => void load()} />}
      {screen.kind === 'unclaimed' && (
        <View id={tid('settings-unclaimed')} className='section'>
          <Text className='t-body'>您还没有在本渠道领取电子社保卡。</Text>
          <Btn id={tid('claim-start')} kind='primary' onClick={() => Taro.redirectTo({ url: '/pages/claim/index' })}>
            申领电子社保卡
          </Btn>
        </View>
      )}
      {screen.kind === 'unbound' && (
        <View id={tid('unbind-done')} className='section'>
          <Text className='notice-ok'>已解绑，本渠道不再显示您的电子社保卡</Text>
          <Btn id={tid('back-home')} kind='primary' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Btn>
        </View>
      )}

      {card && (
        <View>
          <View className='section'>
            <View className='row-between'>
              <Text className='t-subtitle'>卡片状态</Text>
              <Text id={tid('settings-status')} className={cx('status-text', `status-text--${card.status}`)}>
                {statusText(card.status)}
              </Text>
            </View>
            {lapse && <Text className='t-hint'>临时挂失将于 {lapse} 自动解除</Text>}
          </View>

          {result && (
            <Text id={tid('action-result')} className='notice-ok'>
              {result}
            </Text>
          )}
          {actionError && (
            <Text id={tid('action-error')} className='form-error'>
              {actionError}
            </Text>
          )}

          {face && (
            <View id={tid('face-panel')} className='section'>
              <Text className='t-subtitle'>{face.action === 'lift' ? '解除挂失：刷脸核验' : '解绑：刷脸核验'}</Text>
              <FaceProgress face={face} elder={elder} onCheck={checkPending} />
              {!face.locked && !face.busy && (
                <Btn id={tid('face-retry')} kind='primary' onClick={() => void startFace(face.action)}>
                  重新刷脸
                </Btn>
              )}
              <Btn id={tid('face-cancel')} kind='link' disabled={face.busy} onClick={() => setFace(undefined)}>
                取消
              </Btn>
            </View>
          )}

          <View className='section'>
            <Text className='t-subtitle'>挂失</Text>
            {!elder && <Text className='t-hint'>卡片丢失或被盗时请立即挂失，挂失后所有渠道的二维码都不能使用。</Text>}
            {card.status === 'normal' && (
              <View>
                <Btn id={tid('loss-temporary')} kind='danger' onClick={() => openSheet({ kind: 'loss', lossKind: 'temporary' })}>
                  临时挂失（7天）
                </Btn>
                <Btn id={tid('loss-formal')} kind='danger' onClick={() => openSheet({ kind: 'loss', lossKind: 'formal' })}>
                  正式挂失
                </Btn>
              </View>
            )}
            {lost && (
              <Btn id={tid('loss-lift')} kind='primary' loading={face?.busy && face.action === 'lift'} onClick={() => void startFace('lift')}>
                解除挂失
              </Btn>
            )}
            {card.status === 'cancelled' && <Text className='t-hint'>此卡已注销，请到社保服务网点办理。</Text>}
          </View>

          <View className='section'>
            <Text className='t-subtitle'>解绑</Text>
            {!elder && <Text className='t-hint'>解除本渠道与电子社保卡的绑定，需验证密码或刷脸。</Text>}
            {!chooseUnbind ? (
              <Btn id={tid('unbind')} kind='default' onClick={() => setChooseUnbind(true)}>
                解绑本渠道
              </Btn>
            ) : (
              <View id={tid('unbind-choose')}>
                <Btn id={tid('unbind-pin')} kind='danger' onClick={() => { setChooseUnbind(false); openSheet({ kind: 'unbind-pin' }) }}>
                  用密码解绑
                </Btn>
                <Btn id={tid('unbind-face')} kind='danger' onClick={() => void startFace('unbind')}>
                  用刷脸解绑
                </Btn>
                <Btn id={tid('unbind-cancel')} kind='link' onClick={() => setChooseUnbind(false)}>
                  取消
                </Btn>
              </View>
            )}
          </View>
        </View>
      )}

      <View className='section'>
        <ElderSwitch on={elder} onChange={setElder} />
      </View>

      <PinSheet
        open={!!sheet}
        title={sheetProps.title}
        description={sheetProps.description || undefined}
        submitText={sheet?.kind === 'unbind-pin' ? '确认解绑' : '确认'}
        onSubmit={submitSheet}
        onClose={() => setSheet(undefined)}
      />
    </View>
    </PageShownContext.Provider>
  )
}
