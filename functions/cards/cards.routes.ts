import { route } from '../core/http/route.js';
import { LiftLossBody, LossReportBody, UnbindBody } from './cards.schemas.js';
import { liftLoss, myCard, reportLoss, unbindCurrentChannel } from './cardStatus.js';

/** GET /v1/cards/me */
export const me = route({ auth: 'holder' }, async ({ session }) => ({
  status: 200,
  body: { card: await myCard(session) },
}));

/** POST /v1/cards/me/loss-reports */
export const reportLossHandler = route({ auth: 'holder', body: LossReportBody }, async ({ body, session }) => ({
  status: 201,
  body: { card: await reportLoss(session, body.kind, body.pin) },
}));

/** DELETE /v1/cards/me/loss-reports */
export const liftLossHandler = route({ auth: 'holder', body: LiftLossBody }, async ({ body, session }) => ({
  status: 200,
  body: { card: await liftLoss(session, body.pin, body.faceVerificationId) },
}));

/** DELETE /v1/cards/me/bindings/current */
export const unbind = route({ auth: 'holder', body: UnbindBody }, async ({ body, session }) => {
  await unbindCurrentChannel(session, body);
  return { status: 204 };
});
