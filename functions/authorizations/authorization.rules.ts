/**
 * When revoking an authorization needs the holder's explicit confirmation: when it is the
 * app they are using (the session ends with it) or the last channel the card is bound in
 * (the last way back into the card without claiming again). Pure.
 */
export type RevocationCheck = { ok: true } | { ok: false; code: 'authorization_not_found' | 'confirmation_required'; reason?: 'current_channel' | 'last_binding' };

export function checkRevocation(input: {
  target: string;
  currentChannelId: string;
  boundChannels: readonly string[];
  portals: readonly string[];
  confirmed: boolean;
}): RevocationCheck {
  const bound = input.boundChannels.includes(input.target);
  if (!bound && !input.portals.includes(input.target)) return { ok: false, code: 'authorization_not_found' };
  if (bound && !input.confirmed) {
    if (input.target === input.currentChannelId) return { ok: false, code: 'confirmation_required', reason: 'current_channel' };
    if (input.boundChannels.length === 1) return { ok: false, code: 'confirmation_required', reason: 'last_binding' };
  }
  return { ok: true };
}
