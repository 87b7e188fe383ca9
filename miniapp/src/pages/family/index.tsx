import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../../shared/ui/Btn'
import PinSheet from '../../shared/ui/PinSheet'
import Switch from '../../shared/ui/Switch'
import { ScreenState } from '../../shared/ui/PageState'
import { cx } from '../../shared/elder'
import { usePage } from '../../shared/page'
import Notice from '../../shared/ui/Notice'
import Page from '../../shared/ui/Page'
import { statusText } from '../../features/card/card'
import type { FamilyMember } from '../../features/family/api'
import { MAX_FAMILY_MEMBERS, relationshipText } from '../../features/family/family'
import { familySheetText, useFamily } from '../../features/family/useFamily'
import { chinaDateText } from '../../features/pension/pension'
import './index.css'
import { control } from '../../shared/ui/a11y'

/**
 * 亲情服务: the relatives I have bound (each opens its page), who has bound me, and the
 * invitations waiting: received ones are accepted with my PIN or declined, sent ones
 * can be withdrawn. Whoever bound me can be unbound (after a confirmation), and my PIN
 * turns 家庭共济 on or off for them (my personal account pays their bills).
 */
export default function FamilyPage() {
  const { shown, tid, elder } = usePage()
  const family = useFamily()

  const openMember = (m: FamilyMember) => {
    void Taro.navigateTo({ url: `/pages/member/index?memberId=${encodeURIComponent(m.memberId)}` })
  }

  const data = family.screen.kind === 'loaded' ? family.screen.data : undefined
  const full = !!data && data.members.length >= MAX_FAMILY_MEMBERS

  return (
    <Page id='page-family' shown={shown} elder={elder}>
      <ScreenState id='family' screen={family.screen} onRetry={() => void family.load()} />

      {data && (
        <View>
          <Notice id='family-result' kind='ok' text={family.result} />
          <Notice id='family-action-error' kind='error' text={family.actionError} />

          {data.invitations.received.length > 0 && (
            <View id={tid('family-invitations-received')} className='section'>
              <Text className='t-subtitle'>待我确认的邀请</Text>
              {data.invitations.received.map((inv) => (
                <View key={inv.id} className='invitation-received list-row--block' data-invitation-id={inv.id}>
                  <Text className='t-body'>
                    {inv.helper.maskedName} 想添加您为亲属（您是其{relationshipText(inv.relationship)}）
                  </Text>
                  {!elder && (
                    <Text className='t-hint'>
                      同意后，对方可为您出示电子社保卡码、办理待遇资格认证、查询缴费和个人账户记录，不能修改您的密码或挂失。{inv.expiresAt ? `${chinaDateText(inv.expiresAt)}前有效。` : ''}
                    </Text>
                  )}
                  <View className='list-row__actions'>
                    <Btn
                      className='invitation-accept'
                      kind='primary'
                      disabled={!!family.busyId}
                      onClick={() => family.openAccept(inv)}
                    >
                      同意
                    </Btn>
                    <Btn className='invitation-decline' kind='default' loading={family.busyId === inv.id} onClick={() => void family.remove(inv, 'decline')}>
                      拒绝
                    </Btn>
                  </View>
                </View>
              ))}
            </View>
          )}

          <View id={tid('family-members')} className='section'>
            <View className='row-between'>
              <Text className='t-subtitle'>{elder ? '我的亲属' : '我绑定的亲属'}</Text>
              <Text id={tid('family-count')} className='family-count'>
                {data.members.length}/{MAX_FAMILY_MEMBERS}
              </Text>
            </View>
            {data.members.length === 0 && (
              <Text id={tid('family-empty')} className='t-hint'>
                {elder ? '还没有添加亲属' : '还没有绑定亲属。绑定后可为亲属出示电子社保卡码、办理待遇资格认证、查询缴费和个人账户记录。'}
              </Text>
            )}
            {data.members.map((m) => (
              <View
                key={m.memberId}
                className='family-member list-row'
                data-member-id={m.memberId}
                hoverClass='list-row--hover'
                onClick={() => openMember(m)}
              >
                {/* The row's button for the keyboard and screen readers is its text (the code button beside it is another control, not nested in it); a tap anywhere on the row opens the relative. */}
                <View className='list-row__main' {...control()}>
                  <Text className='list-row__title'>
                    {m.maskedName}（{relationshipText(m.relationship)}）
                  </Text>
                  {!elder && <Text className='list-row__meta'>{m.maskedIdNumber}</Text>}
                  {m.accountSharing?.fromMe && <Text className='family-badge family-member-from-me'>我的账户可为TA支付</Text>}
                </View>
                {m.cardStatus === 'normal' ? (
                  // The relative's code in one tap from the list (the row itself opens the relative's page).
                  <View
                    className='family-member-code'
                    hoverClass='family-member-code--hover'
                    {...control()}
                    onClick={(e) => {
                      e.stopPropagation()
                      void Taro.navigateTo({ url: `/pages/code/index?memberId=${encodeURIComponent(m.memberId)}` })
                    }}
                  >
                    出示TA的码
                  </View>
                ) : (
                  <Text className={cx('status-pill', 'status-pill--bad')}>{statusText(m.cardStatus)}</Text>
                )}
                <Text className='list-row__chevron'>›</Text>
              </View>
            ))}
            <Btn
              id={tid('family-add')}
              kind='primary'
              disabled={full}
              onClick={() => Taro.navigateTo({ url: '/pages/family-add/index' })}
            >
              添加亲属
            </Btn>
            {full && <Text className='t-hint'>最多可绑定{MAX_FAMILY_MEMBERS}位亲属</Text>}
          </View>

          {data.invitations.sent.length > 0 && (
            <View id={tid('family-invitations-sent')} className='section'>
              <Text className='t-subtitle'>等待亲属确认</Text>
              {data.invitations.sent.map((inv) => (
                <View key={inv.id} className='invitation-sent list-row' data-invitation-id={inv.id}>
                  <View className='list-row__main'>
                    <Text className='list-row__title'>
                      {inv.relative.maskedName}（{relationshipText(inv.relationship)}）
                    </Text>
                    {!elder && (
                      <Text className='list-row__meta'>
                        请对方在自己的电子社保卡“亲情服务”中确认{inv.expiresAt ? `，${chinaDateText(inv.expiresAt)}前有效` : ''}
                      </Text>
                    )}
                  </View>
                  <Btn className='invitation-withdraw' kind='link' loading={family.busyId === inv.id} onClick={() => void family.remove(inv, 'withdraw')}>
                    撤回
                  </Btn>
                </View>
              ))}
            </View>
          )}

          <View id={tid('family-helpers')} className='section'>
            <Text className='t-subtitle'>{elder ? '谁绑定了我' : '绑定了我的亲属'}</Text>
            {data.helpers.length === 0 && (
              <Text id={tid('family-helpers-empty')} className='t-hint'>
                暂无
              </Text>
            )}
            {data.helpers.map((h) => {
              const sharing = !!h.accountSharing?.fromMe
              const confirming = family.confirmUnbind === h.helperId
              return (
                <View key={h.helperId} className='family-helper list-row--block' data-helper-id={h.helperId}>
                  <View className='row-between'>
                    <View className='list-row__main'>
                      <Text className='list-row__title'>{h.maskedName}</Text>
                      <Text className='list-row__meta'>您是其{relationshipText(h.relationship)}</Text>
                      {h.accountSharing?.toMe && <Text className='family-badge family-helper-to-me'>TA的账户可为我支付</Text>}
                    </View>
                    {!confirming && (
                      <Btn
                        className='family-helper-unbind'
                        kind='link'
                        disabled={!!family.busyId}
                        onClick={() => family.askUnbind(h)}
                      >
                        解除绑定
                      </Btn>
                    )}
                  </View>
                  <Switch
                    className='family-helper-sharing'
                    hoverClass='list-row--hover'
                    label='家庭共济：允许用我的个人账户支付TA的医疗费用'
                    on={sharing}
                    onClick={() => family.openSharing(h)}
                  >
                    <View className='list-row__main'>
                      <Text className='family-helper-sharing__label'>允许用我的个人账户支付TA的医疗费用</Text>
                      {!elder && <Text className='t-hint'>家庭共济：TA就医购药时，个人账户不足的部分可由您的个人账户支付</Text>}
                    </View>
                  </Switch>
                  {confirming && (
                    <View className='family-helper-unbind-panel'>
                      <Text className='t-body'>
                        {elder
                          ? `确定解除${h.maskedName}的绑定？`
                          : `解除后，${h.maskedName}将不能再为您出示电子社保卡码、办理待遇资格认证或查询您的记录，双方的家庭共济随之关闭。确定解除？`}
                      </Text>
                      <View className='list-row__actions'>
                        <Btn id={tid('helper-unbind-confirm')} kind='danger' loading={family.busyId === h.helperId} onClick={() => void family.unbindHelper(h)}>
                          确定解除
                        </Btn>
                        <Btn id={tid('helper-unbind-cancel')} kind='default' disabled={family.busyId === h.helperId} onClick={family.cancelUnbind}>
                          取消
                        </Btn>
                      </View>
                    </View>
                  )}
                </View>
              )
            })}
          </View>
        </View>
      )}


      <PinSheet open={!!family.sheet} {...familySheetText(family.sheet)} onSubmit={family.submitSheet} onClose={family.closeSheet} />
    </Page>
  )
}
