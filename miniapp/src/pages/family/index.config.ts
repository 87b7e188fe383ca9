export default definePageConfig({
  navigationBarTitleText: '亲情服务',
})
