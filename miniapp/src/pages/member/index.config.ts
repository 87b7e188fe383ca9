export default definePageConfig({
  navigationBarTitleText: '亲属',
})
