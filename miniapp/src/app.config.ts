export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/claim/index',
    'pages/settings/index',
    'pages/code/index',
    'pages/pay/index',
    'pages/records/index',
    'pages/settlement/index',
    'pages/family/index',
    'pages/family-add/index',
    'pages/member/index',
    'pages/pension/index',
    'pages/contributions/index',
    'pages/login/index',
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '电子社保卡',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
})
