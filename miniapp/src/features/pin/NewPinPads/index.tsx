import PinPad from '../../../shared/ui/PinPad'
import type { NewPin } from '../useNewPin'

export interface NewPinPadsProps {
  pin: NewPin
  /** The first entry's pad (its dots `#<name>-dots`): `pin-new` (change, reset) or `pin-first` (the claims). */
  name: 'pin-new' | 'pin-first'
  /** The first entry's 6th digit; by default the PIN rules (`pin.newDone`). */
  onNewDone?: (value: string) => void
  /** The confirmation's pad, while the PIN is being sent. */
  disabled?: boolean
}

/** The pad of a new PIN's current phase: the first entry (`name`), then the confirmation (`pin-confirm`). */
export default function NewPinPads({ pin, name, onNewDone, disabled }: NewPinPadsProps) {
  return pin.phase === 'new' ? (
    <PinPad key={name} name={name} value={pin.pin1} onChange={pin.typeNew} onComplete={onNewDone ?? ((v) => pin.newDone(v))} />
  ) : (
    <PinPad key='confirm' name='pin-confirm' value={pin.pin2} onChange={pin.typeConfirm} disabled={disabled} />
  )
}
