export default definePageConfig({
  navigationBarTitleText: '支付确认',
})
