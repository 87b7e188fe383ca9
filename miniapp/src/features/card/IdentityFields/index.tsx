import { View, Text, Input } from '@tarojs/components'
import { cx } from '../../../shared/elder'
import { cleanIdNumberInput, ID_INPUT_MAX, idNumberProblem, nameProblem, normalizeIdNumber } from '../idNumber'
import { useElementId } from '../../../shared/page'
import Notice from '../../../shared/ui/Notice'
import type { Identity } from '../useIdentity'

export interface IdentityFieldProps {
  /** Element ids `<id>-input` and `<id>-error` (e.g. `name` → #name-input, #name-error). */
  id: string
  label: string
  /** The form's name and ID number with their errors (`useIdentity`). */
  identity: Identity
}

interface FieldProps {
  id: string
  label: string
  value: string
  error?: string
  onChange: (value: string) => void
  onError: (error: string | undefined) => void
  type?: 'idcard'
  maxLength: number
  placeholder: string
  /** The error as `value` is typed (the name's goes; the ID number's is checked once all 18 are in). */
  errorWhileTyping: (value: string) => string | undefined
  /** The check when the field is left with something in it. */
  check: (value: string) => string | undefined
  /** What is kept of what was typed (the ID number drops its separators). */
  clean?: (value: string) => string
}

/** The value, error and setters of one of the form's two fields. */
function bound(identity: Identity, field: 'name' | 'idNumber'): Pick<FieldProps, 'value' | 'error' | 'onChange' | 'onError'> {
  return field === 'name'
    ? { value: identity.name, error: identity.nameError, onChange: identity.setName, onError: identity.setNameError }
    : { value: identity.idNumber, error: identity.idError, onChange: identity.setIdNumber, onError: identity.setIdError }
}

/** A labelled input with its error under it. */
function Field({ id, label, value, error, onChange, onError, type, maxLength, placeholder, errorWhileTyping, check, clean }: FieldProps) {
  const inputId = useElementId(`${id}-input`)
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input
        id={inputId}
        className={cx('field__input', error && 'field__input--invalid')}
        type={type}
        value={value}
        maxlength={maxLength}
        placeholder={placeholder}
        onInput={(e) => {
          const v = clean ? clean(e.detail.value) : e.detail.value
          onChange(v)
          onError(errorWhileTyping(v))
          // The mini-program platforms show what the handler returns (the cleaned value).
          return v
        }}
        onBlur={() => value && onError(check(value))}
      />
      <Notice id={`${id}-error`} kind='error' text={error} />
    </View>
  )
}

/** A name as on the ID card: its error goes while typing and comes back on leaving the field. */
export function NameField({ identity, ...props }: IdentityFieldProps & { maxLength: number }) {
  return <Field {...props} {...bound(identity, 'name')} placeholder='与身份证一致' errorWhileTyping={() => undefined} check={nameProblem} />
}

/** An 18-character ID number: checked (incl. the check digit) as soon as all 18 are in, and on leaving the field. */
export function IdNumberField({ identity, ...props }: IdentityFieldProps) {
  return (
    <Field
      {...props}
      {...bound(identity, 'idNumber')}
      type='idcard'
      maxLength={ID_INPUT_MAX}
      clean={cleanIdNumberInput}
      placeholder='18位身份证号'
      errorWhileTyping={(v) => (normalizeIdNumber(v).length === 18 ? idNumberProblem(v) : undefined)}
      check={idNumberProblem}
    />
  )
}
