/**
 * The name and ID number typed on the claim and family-add forms, with the problems
 * shown under the fields (the server's own rules, `./idNumber`).
 */
import { useState } from 'react'
import { ApiError } from '../../shared/api/client'
import { idNumberProblem, nameProblem, normalizeIdNumber } from './idNumber'
import { identityFieldErrors } from './identityRefusal'

/** A name and ID number as the server takes them. */
export interface IdentityValues {
  name: string
  idNumber: string
}

/** `initial`: what a kept draft had typed. */
export function useIdentity(initial?: IdentityValues) {
  const [name, setName] = useState(initial?.name ?? '')
  const [idNumber, setIdNumber] = useState(initial?.idNumber ?? '')
  const [nameError, setNameError] = useState<string | undefined>()
  const [idError, setIdError] = useState<string | undefined>()

  return {
    name,
    setName,
    nameError,
    setNameError,
    idNumber,
    setIdNumber,
    idError,
    setIdError,
    /** Checks both, showing what is wrong under each field; true when both pass. */
    check: (): boolean => {
      const n = nameProblem(name)
      const i = idNumberProblem(idNumber)
      setNameError(n)
      setIdError(i)
      return !n && !i
    },
    /** What is typed, as the server takes it: the name trimmed, the ID number normalised. */
    values: (): IdentityValues => ({ name: name.trim(), idNumber: normalizeIdNumber(idNumber) }),
    /** What was typed before the H5 face page. */
    restore: (typed: IdentityValues) => {
      setName(typed.name)
      setIdNumber(typed.idNumber)
    },
    /** A refusal's words for each field (`identityFieldErrors`), none where it names none. */
    showRefusal: (err: unknown) => {
      const words = err instanceof ApiError ? identityFieldErrors(err.code, err.errors) : undefined
      setIdError(words?.idNumber)
      setNameError(words?.name)
    },
    /**
     * A refusal about the name and ID number typed (identity_mismatch, …): shows its words
     * under the fields and answers true, so the page goes back to the identity step instead
     * of treating it as a face problem; false for anything else.
     */
    refuse: (err: unknown): boolean => {
      const words = err instanceof ApiError && err.status < 500 && err.status >= 400 ? identityFieldErrors(err.code, err.errors) : undefined
      if (!words) return false
      setIdError(words.idNumber)
      setNameError(words.name)
      return true
    },
  }
}

export type Identity = ReturnType<typeof useIdentity>
