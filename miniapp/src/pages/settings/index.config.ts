export default definePageConfig({
  navigationBarTitleText: '卡片管理与设置',
})
