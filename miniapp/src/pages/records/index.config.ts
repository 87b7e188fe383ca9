export default definePageConfig({
  navigationBarTitleText: '个人账户',
})
