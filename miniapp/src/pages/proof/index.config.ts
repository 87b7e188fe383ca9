export default definePageConfig({
  navigationBarTitleText: '开具证明',
})
