import { View, Text, Input } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../../shared/elder'
import { cleanIdNumberInput, ID_INPUT_MAX, idNumberProblem, nameProblem, normalizeIdNumber } from '../idNumber'
import { useElementId } from '../../../shared/page'
import Notice from '../../../shared/ui/Notice'
import { control } from '../../../shared/ui/a11y'
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
  /** H5: attributes of the `<input>` itself (the keyboard to open). */
  nativeProps?: Record<string, string>
  /** Shown right after the input (the ID number's X key on H5). */
  extra?: ReactNode
}

/** The value, error and setters of one of the form's two fields. */
function bound(identity: Identity, field: 'name' | 'idNumber'): Pick<FieldProps, 'value' | 'error' | 'onChange' | 'onError'> {
  return field === 'name'
    ? { value: identity.name, error: identity.nameError, onChange: identity.setName, onError: identity.setNameError }
    : { value: identity.idNumber, error: identity.idError, onChange: identity.setIdNumber, onError: identity.setIdError }
}

/** A labelled input with its error under it. */
function Field({ id, label, value, error, onChange, onError, type, maxLength, placeholder, errorWhileTyping, check, clean, nativeProps, extra }: FieldProps) {
  const inputId = useElementId(`${id}-input`)
  // H5: the input is named by its label for screen readers (not only by its placeholder), and says when it is wrong.
  const inputProps = process.env.TARO_ENV === 'h5' ? { ...nativeProps, 'aria-label': label, 'aria-invalid': error ? 'true' : 'false' } : nativeProps
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
        {...(inputProps ? { nativeProps: inputProps } : {})}
      />
      {extra}
      <Notice id={`${id}-error`} kind='error' text={error} />
    </View>
  )
}

/** A name as on the ID card: its error goes while typing and comes back on leaving the field. */
export function NameField({ identity, ...props }: IdentityFieldProps & { maxLength: number }) {
  return <Field {...props} {...bound(identity, 'name')} placeholder='与身份证一致' errorWhileTyping={() => undefined} check={nameProblem} />
}

/**
 * H5's ID number keyboard: the digit pad (`inputmode="numeric"`: mini-programs' `idcard`
 * keyboard has its own X key, a browser's digit pad has none), so 17 digits are typed on
 * big keys and the X some ID numbers end in comes from `IdXKey`. A hardware keyboard still
 * types X (inputmode only picks the on-screen keyboard); no `pattern`, which would make the
 * browser refuse the X.
 */
const ID_NATIVE_PROPS: Record<string, string> = { inputMode: 'numeric', autoComplete: 'off', autoCorrect: 'off' }

/** H5: the X key next to the ID number field, once 17 digits are in (`#<id>-x`). */
function IdXKey({ id, identity }: { id: string; identity: Identity }) {
  const keyId = useElementId(`${id}-x`)
  if (!/^\d{17}$/.test(normalizeIdNumber(identity.idNumber))) return null
  return (
    <View
      id={keyId}
      className='field__x-key'
      {...control()}
      onClick={() => {
        const v = `${normalizeIdNumber(identity.idNumber)}X`
        identity.setIdNumber(v)
        identity.setIdError(idNumberProblem(v))
      }}
    >
      末位是X？点此输入X
    </View>
  )
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
      nativeProps={process.env.TARO_ENV === 'h5' ? ID_NATIVE_PROPS : undefined}
      extra={process.env.TARO_ENV === 'h5' ? <IdXKey id={props.id} identity={identity} /> : undefined}
    />
  )
}
