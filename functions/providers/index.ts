/**
 * The providers' clouds behind one interface each: face verification (WeChat, Alipay,
 * Tencent FaceID, the sandbox) and the platform login exchange (WeChat, Alipay, sandbox).
 */
export { faceProviderFor, type FaceChannel } from './faceRegistry.js';
export { platformLoginFor, type LoginChannel } from './loginRegistry.js';
export { FaceProviderError, type FaceOutcome, type FaceProvider, type FaceProviderName, type HttpFetch } from './face.js';
export { LoginCodeRejected, PlatformLoginError, type Platform, type PlatformLogin, type PlatformUser } from './login.js';
