/**
 * 开具证明: the kind, the period (a preset or two months), for the holder or a bound
 * relative (亲情服务), then `POST /v1/records/proofs` and the PDF opened on the platform.
 */
import { useDidShow } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { errorCode, errorMessage } from '../../shared/api/client'
import { getFamilyMembers, type FamilyMember } from '../family/api'
import { createProof, type Proof } from './api'
import { openProofDocument } from './openProof'
import { chinaMonth, periodPresets, periodProblem, type Period, type PresetId, type ProofKind } from './proofs'

export interface ProofError {
  message: string
  code?: string
}

/** `routeSubject`: the route's `subjectCardId`, decoded (a relative's page sent the holder here). */
export function useProof(routeSubject: string | undefined) {
  const nowMonth = useMemo(() => chinaMonth(Date.now()), [])
  const presets = useMemo(() => periodPresets(nowMonth), [nowMonth])
  const [kind, setKind] = useState<ProofKind>('insurance')
  const [period, setPeriod] = useState<Period>(presets[0]!.period)
  const [preset, setPreset] = useState<PresetId | undefined>('12m')
  const [subjectCardId, setSubjectCardId] = useState<string | undefined>(routeSubject)
  const [members, setMembers] = useState<FamilyMember[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ProofError | undefined>()
  const [proof, setProof] = useState<Proof | undefined>()
  const [opening, setOpening] = useState(false)
  const [openError, setOpenError] = useState<string | undefined>()

  useDidShow(() => {
    // The relatives one may ask for: a failure leaves the holder's own proof.
    getFamilyMembers().then(setMembers, () => setMembers([]))
  })

  const changed = () => {
    setProof(undefined)
    setError(undefined)
    setOpenError(undefined)
  }

  const create = async () => {
    if (busy) return
    const problem = periodProblem(period, nowMonth)
    if (problem) {
      setError({ message: problem, code: 'proof_period_invalid' })
      return
    }
    changed()
    setBusy(true)
    try {
      setProof(await createProof({ kind, ...period, subjectCardId }))
    } catch (err) {
      setError({ message: errorMessage(err), code: errorCode(err) })
    } finally {
      setBusy(false)
    }
  }

  const open = async () => {
    if (!proof || opening) return
    setOpening(true)
    setOpenError(undefined)
    const outcome = await openProofDocument(proof.url)
    setOpening(false)
    if (outcome.kind === 'failed') setOpenError(outcome.message)
  }

  return {
    nowMonth,
    presets,
    kind,
    chooseKind: (k: ProofKind) => {
      setKind(k)
      changed()
    },
    period,
    preset,
    choosePreset: (id: PresetId) => {
      const p = presets.find((x) => x.id === id)
      if (!p) return
      setPreset(id)
      setPeriod(p.period)
      changed()
    },
    setFrom: (from: string) => {
      setPreset(undefined)
      setPeriod((p) => ({ ...p, from }))
      changed()
    },
    setTo: (to: string) => {
      setPreset(undefined)
      setPeriod((p) => ({ ...p, to }))
      changed()
    },
    subjectCardId,
    chooseSubject: (id: string | undefined) => {
      setSubjectCardId(id)
      changed()
    },
    members,
    busy,
    error,
    create,
    proof,
    open,
    opening,
    openError,
  }
}
