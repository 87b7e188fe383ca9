/** The card PIN: changing it with the current one, resetting it with a face check. */
import { holderRoute } from '../core/http/holderRoute.js';
import { ChangePinBody, ResetPinBody } from './cards.schemas.js';
import { changePin as change, resetPin as reset } from './pin.js';

export const changePin = holderRoute({
  method: 'PUT',
  path: '/v1/cards/me/pin',
  summary: 'Change the card PIN (the current PIN)',
  success: 200,
  body: ChangePinBody,
  handler: async ({ body, session }) => ({ body: { card: await change(session, body.currentPin, body.newPin) } }),
});

export const resetPin = holderRoute({
  method: 'POST',
  path: '/v1/cards/me/pin-reset',
  summary: 'Reset a forgotten or locked PIN with a face check (purpose pin_reset)',
  success: 200,
  body: ResetPinBody,
  handler: async ({ body, session }) => ({ body: { card: await reset(session, body.faceVerificationId, body.newPin) } }),
});
