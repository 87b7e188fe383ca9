export default definePageConfig({
  navigationBarTitleText: '待缴账单',
})
