/**
 * The providers' clouds behind one interface each: face verification (WeChat, Alipay,
 * Tencent FaceID, the sandbox) and the platform login exchange (WeChat, Alipay, sandbox).
 */
export { faceProviderFor } from './faceRegistry.js';
export { platformLoginFor } from './loginRegistry.js';
export { FaceProviderError, type FaceOutcome, type FaceProviderName } from './face.js';
export { LoginCodeRejected, PlatformLoginError, type PlatformUser } from './login.js';
