/**
 * Opens the platform's cashier for a bill's cash part with the handoff the server gave: WeChat's
 * medical-insurance mixed payment, Alipay's tradePay, or the sandbox payer's page (H5). Whatever
 * the cashier says, the bill page asks the server afterwards: only the provider's word counts.
 */
import Taro from '@tarojs/taro'
import { platform } from '../../shared/platform/login'

export async function openCashier(handoff: Record<string, string>): Promise<void> {
  if (platform === 'weapp') {
    const wx = (globalThis as unknown as { wx?: { requestMedicalInsurancePay?: (o: object) => void } }).wx
    await new Promise<void>((resolve) =>
      wx?.requestMedicalInsurancePay?.({ ...handoff, success: () => resolve(), fail: () => resolve() }) ?? resolve(),
    )
    return
  }
  if (platform === 'alipay') {
    const my = (globalThis as unknown as { my?: { tradePay?: (o: object) => void } }).my
    await new Promise<void>((resolve) => my?.tradePay?.({ tradeNO: handoff.tradeNO, success: () => resolve(), fail: () => resolve() }) ?? resolve())
    return
  }
  if (handoff.payUrl && /^https?:\/\//.test(handoff.payUrl)) {
    // The sandbox payer's page returns to this bill's page when done.
    window.location.assign(handoff.payUrl)
    return
  }
  await Taro.showToast({ title: '无法打开收银台', icon: 'none' })
}
