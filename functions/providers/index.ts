/**
 * The providers' clouds behind one interface each: face verification (WeChat, Alipay,
 * Tencent FaceID, the sandbox), the platform login exchange (WeChat, Alipay, sandbox) and
 * the payment of a bill's cash part (WeChat Pay, Alipay, the sandbox payer), and holder
 * notifications pushed out of the app (WeChat and Alipay subscription messages, the sandbox
 * recorder; their field rules: pushFields.rules.ts).
 */
export { faceProviderFor } from './faceRegistry.js';
export { platformLoginFor } from './loginRegistry.js';
export { FaceProviderError, type FaceOutcome, type FaceProviderName } from './face.js';
export { LoginCodeRejected, PlatformLoginError, type PlatformUser } from './login.js';
export { closePayment, createPayment, paymentClientFor, paymentProviderNameOf, queryPayment, refundPayment, verifyPaymentNotification } from './paymentRegistry.js';
export { PaymentProviderError, type PaymentOrderKind, type PaymentOutcome, type PaymentProviderName, type RefundOutcome } from './payment.js';
export { pushProviderFor, pushProviderNameOf, type PushChannel } from './pushRegistry.js';
export type { PushMessage, PushOutcome, PushProvider, PushProviderName, PushRefusal } from './push.js';
export type { WechatMiniprogramState } from './wechat/push.js';
