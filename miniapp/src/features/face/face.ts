/**
 * The face verification flow shared by claim, lift, unbind, family, pension and login: start on the server,
 * run the platform's face UI, then ALWAYS ask the server for the result. The client's
 * own "success" is never used.
 */
import { useEffect } from 'react'
import { ApiError, errorCode, errorMessage } from '../../shared/api/client'
import { getFaceResult, startFaceVerification, type FaceResult, type StartFaceInput } from './api'
import { faceReturnUrl, runFaceHandoff, takePendingFace, type PendingFace } from './handoff'

export type FaceFlowOutcome =
  | { kind: 'result'; result: FaceResult }
  | { kind: 'redirected' }
  | { kind: 'cancelled'; message: string; verificationId: string }
  | { kind: 'unsupported'; message: string }

/**
 * Starts a verification and runs the face UI. `route` and `state` are remembered on H5,
 * where the page is left; the page picks them up again with `resumeFace`.
 */
export async function runFace<S>(
  input: Omit<StartFaceInput, 'returnUrl'>,
  route: string,
  state?: S,
  /** H5: the page's query to come back with (e.g. subjectCardId), besides `face=1`. */
  returnQuery?: Record<string, string | undefined>,
): Promise<FaceFlowOutcome> {
  const start = await startFaceVerification({ ...input, returnUrl: faceReturnUrl(route, returnQuery) })
  const outcome = await runFaceHandoff<S>(start, { purpose: input.purpose, route, state })
  if (outcome.kind === 'redirected') return { kind: 'redirected' }
  if (outcome.kind === 'unsupported') return { kind: 'unsupported', message: outcome.message }
  // Returned or cancelled: the server still decides.
  const result = await getFaceResult(start.id)
  if (outcome.kind === 'cancelled' && result.status !== 'passed') {
    return { kind: 'cancelled', message: outcome.message, verificationId: start.id }
  }
  return { kind: 'result', result }
}

/** Where a page's face check stands (drawn by the FaceProgress component). */
export interface FaceState {
  busy: boolean
  message?: string
  attemptsLeft?: number
  locked?: boolean
  /** The manual review case opened on the last allowed failure. */
  reviewId?: string
  /** A verification whose result the server has not settled yet. */
  pendingId?: string
}

/** A server result that did not pass: still pending (ask again later), or failed with the attempts left. */
export function faceNotPassed(result: FaceResult, failedMessage = '刷脸未通过'): FaceState {
  if (result.status === 'pending') return { busy: false, pendingId: result.id, message: '正在确认刷脸结果，请稍候再查询' }
  return {
    busy: false,
    message: failedMessage,
    attemptsLeft: result.attemptsLeft,
    locked: result.attemptsLeft <= 0,
    reviewId: result.reviewId,
  }
}

/** A face step that threw: locked (423 face_locked, with the review case) or the error's message. */
export function faceError(err: unknown): FaceState {
  if (errorCode(err) === 'face_locked') {
    return { busy: false, locked: true, attemptsLeft: 0, reviewId: err instanceof ApiError ? err.extra.reviewId : undefined }
  }
  return { busy: false, message: errorMessage(err) }
}

/** H5, back from the face page: the pending verification of this page, if any. */
export function resumePendingFace<S>(route: string): PendingFace<S> | undefined {
  return takePendingFace<S>(route)
}

/**
 * H5, back from the face page (`face=1` and the face token in the page's query): once,
 * when the page opens, `onReturn` with the verification this page left for, if any.
 */
export function useFaceReturn<S>(route: string, onReturn: (pending: PendingFace<S>) => void): void {
  useEffect(() => {
    const pending = resumePendingFace<S>(route)
    if (pending) onReturn(pending)
  }, [])
}

/** How a page takes the server's result of its face check. */
export interface FaceResultHandlers {
  setFace: (face: FaceState) => void
  apply: (result: FaceResult) => void
  failed: (err: unknown) => void
}

/** The server's result of a verification the H5 face page came back from, with the line that it is being asked for. */
export function askFaceResult(verificationId: string, { setFace, apply, failed }: FaceResultHandlers): void {
  setFace({ busy: true, message: '正在查询刷脸结果…' })
  getFaceResult(verificationId).then(apply, failed)
}

/** A result the server had not settled yet (`face.pendingId`): asked for again, busy meanwhile. */
export async function checkPendingFace(face: FaceState, { setFace, apply, failed }: FaceResultHandlers): Promise<void> {
  if (!face.pendingId) return
  const id = face.pendingId
  setFace({ ...face, busy: true })
  try {
    apply(await getFaceResult(id))
  } catch (err) {
    failed(err)
  }
}

/** Tips shown after a failed face check. */
export const FACE_TIPS: readonly string[] = [
  '请在光线充足的地方，避免逆光',
  '正对屏幕，保持不动，按提示眨眼或张嘴',
  '摘下帽子、口罩和眼镜',
  '身份证照片较旧时可能识别失败，可请家人协助或申请人工审核',
]

export const FACE_TIPS_SHORT: readonly string[] = ['光线要亮', '正对屏幕别动', '摘下帽子眼镜']

export function lockedMessage(): string {
  return '刷脸失败次数已达上限，已为您提交人工审核，审核通过后会通知您'
}
