export default definePageConfig({
  navigationBarTitleText: '申领电子社保卡',
})
