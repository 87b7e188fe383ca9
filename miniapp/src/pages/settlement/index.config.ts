export default definePageConfig({
  navigationBarTitleText: '结算详情',
})
