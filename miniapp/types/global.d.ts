/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    /** Base URL of the essc HTTP API, e.g. http://127.0.0.1:3000 */
    TARO_APP_API_URL?: string
  }
}

/** The parts of the WeChat global this app calls directly (APIs Taro does not wrap). */
interface WxFaceApi {
  checkIsSupportFacialRecognition(options: {
    checkAliveType?: number
    success?: (res: unknown) => void
    fail?: (err: { errCode?: number; errMsg?: string }) => void
  }): void
  requestFacialVerify(options: {
    verifyId: string
    success?: (res: { errCode?: number; errMsg?: string }) => void
    fail?: (err: { errCode?: number; errMsg?: string }) => void
  }): void
  login(options: {
    success?: (res: { code: string }) => void
    fail?: (err: { errMsg?: string }) => void
  }): void
  /** One-time subscription messages: the answer has a key per template id ('accept' | 'reject' | 'ban' | 'filter'). */
  requestSubscribeMessage?(options: {
    tmplIds: string[]
    success?: (res: Record<string, string>) => void
    fail?: (err: { errCode?: number; errMsg?: string }) => void
  }): void
}

/** The parts of the Alipay global this app calls directly. */
interface MyApi {
  getAuthCode(options: {
    scopes: string | string[]
    success?: (res: { authCode: string }) => void
    fail?: (err: { error?: number; errorMessage?: string }) => void
  }): void
  startAPVerify(options: {
    url: string
    certifyId: string
    success?: (res: { resultStatus?: string; result?: unknown }) => void
    fail?: (err: { error?: number; errorMessage?: string }) => void
  }): void
  /** Alipay's subscription messages (at most three template ids): a key per id, and the lists in `result`. */
  requestSubscribeMessage?(options: {
    entityIds: string[]
    success?: (res: AlipaySubscribeAnswer) => void
    fail?: (err: { error?: number; errorMessage?: string }) => void
  }): void
}

interface AlipaySubscribeAnswer {
  behavior?: string
  result?: { subscribeEntityIds?: string[]; subscribedEntityIds?: string[]; unsubscribedEntityIds?: string[] }
  [templateId: string]: unknown
}

declare const wx: WxFaceApi | undefined
declare const my: MyApi | undefined
