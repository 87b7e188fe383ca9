/** Refusals of face verification: starting one, its result, and using a passed one for an action. */
import { defineErrors } from '../core/problem.js';

export const faceErrors = /* @__PURE__ */ defineErrors({
  face_verification_not_found: [404, '未找到该人脸核验记录。'],
  face_verification_wrong_purpose: [422, '该人脸核验不是为此操作发起的。'],
  face_verification_not_passed: [422, '人脸核验尚未完成。'],
  face_verification_failed: [422, '人脸核验未通过。'],
  face_verification_used: [422, '该人脸核验已被使用，请重新核验。'],
  face_verification_expired: [422, '人脸核验已过期，请重新核验。'],
  face_verification_other_person: [422, '人脸核验与本人信息不符。'],
  face_verification_required: [422, '此操作需要人脸核验，请先完成人脸核验。'],
  return_url_not_allowed: [400, '核验完成后的返回地址不属于本渠道。'],
  face_locked: [423, '今日人脸核验失败次数过多，已转人工审核，请明天再试或等待审核结果。'],
  face_provider_unavailable: [503, '人脸核验服务暂不可用，请稍后再试。'],
});
