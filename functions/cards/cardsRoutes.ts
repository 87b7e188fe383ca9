/** The holder's card: reading it, loss reports, unbinding this channel (claiming: claimRoutes.ts). */
import { holderRoute } from '../core/http/holderRoute.js';
import { LiftLossBody, LossReportBody, UnbindBody } from './cards.schemas.js';
import { liftLoss as lift, reportLoss as report } from './lossReport.js';
import { myCardAndRef } from './myCard.js';
import { unbindCurrentChannel } from './unbind.js';


export const getMyCard = holderRoute({
  method: 'GET',
  path: '/v1/cards/me',
  summary: 'The card bound to this channel user',
  success: 200,
  handler: async ({ session }) => ({ body: await myCardAndRef(session) }),
});

export const reportLoss = holderRoute({
  method: 'POST',
  path: '/v1/cards/me/loss-reports',
  summary: 'Report the card lost (the PIN, or a face check when the PIN is locked)',
  success: 201,
  body: LossReportBody,
  handler: async ({ body, session }) => ({ body: { card: await report(session, body.kind, { pin: body.pin, faceVerificationId: body.faceVerificationId }) } }),
});

export const liftLoss = holderRoute({
  method: 'DELETE',
  path: '/v1/cards/me/loss-reports',
  summary: 'Lift a loss report (PIN + face)',
  success: 200,
  body: LiftLossBody,
  handler: async ({ body, session }) => ({ body: { card: await lift(session, body.pin, body.faceVerificationId) } }),
});

export const unbindChannel = holderRoute({
  method: 'DELETE',
  path: '/v1/cards/me/bindings/current',
  summary: 'Unbind this channel (PIN or face)',
  success: 204,
  body: UnbindBody,
  handler: async ({ body, session }) => {
    await unbindCurrentChannel(session, body);
    return {};
  },
});
