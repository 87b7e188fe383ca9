/**
 * The name and ID number typed on the claim and family-add forms, with the problems
 * shown under the fields (the server's own rules, `./idNumber`).
 */
import { useState } from 'react'
import { ApiError } from '../../shared/api/client'
import { idNumberProblem, nameProblem, normalizeIdNumber } from './idNumber'

/** A name and ID number as the server takes them. */
export interface IdentityValues {
  name: string
  idNumber: string
}

export function useIdentity() {
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
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
    /** A refusal's words for each field (the problem's `errors`), none where it names none. */
    showRefusal: (err: unknown) => {
      setIdError(err instanceof ApiError ? err.fieldMessage('idNumber') : undefined)
      setNameError(err instanceof ApiError ? err.fieldMessage('name') : undefined)
    },
  }
}

export type Identity = ReturnType<typeof useIdentity>
