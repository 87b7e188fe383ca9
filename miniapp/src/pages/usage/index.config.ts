export default definePageConfig({
  navigationBarTitleText: '用卡记录',
})
