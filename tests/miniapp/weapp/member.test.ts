// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the member page: one relative. */
import { describe, expect, it } from 'vitest';
import { MEMBER } from './fixtures.js';
import { apiStub, callsTo, idText, noContent, ok, openPage, sim, simulatePages, submitSheetPin, tap, tapUntilShown, text, waitFor, wxCallsNamed } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it("member page: the relative's card and what a helper may do (no PIN or loss actions); 家庭共济 with my PIN; unbinding", async () => {
    let sharing = false;
    sim.api = apiStub({
      'GET /v1/family/members': () => ok({ members: [{ ...MEMBER, accountSharing: { fromMe: sharing, toMe: false } }] }),
      'PUT /v1/family/members/card-m1/account-sharing': ({ data }) => {
        sharing = (data as { allowed: boolean }).allowed;
        return ok({ member: { ...MEMBER, accountSharing: { fromMe: sharing, toMe: false } } });
      },
      'DELETE /v1/family/members/card-m1': noContent(),
    });
    const page = openPage('pages/member/index', { memberId: 'card-m1' });
    await waitFor(() => page.querySelector('#member-name') !== undefined, 'the relative');
    expect(idText(page, 'member-name')).toBe('张*国');
    expect(idText(page, 'member-relationship')).toContain('父母');
    expect(idText(page, 'member-status')).toBe('正常');
    expect(idText(page, 'member-id-number')).toBe('3201**********0018');
    for (const id of ['member-code', 'member-pension', 'member-contributions', 'member-records', 'member-sharing', 'member-unbind']) {
      expect(page.querySelector(`#${id}`), id).toBeDefined();
    }
    // Nothing that would act on the relative's PIN, loss status or channel bindings.
    for (const id of ['loss-temporary', 'loss-formal', 'loss-lift', 'unbind', 'unbind-pin', 'unbind-face']) {
      expect(page.querySelector(`#${id}`), id).toBeUndefined();
    }
    expect(text(page)).not.toMatch(/挂失|修改密码|重置密码/);

    tap(page, '#member-code');
    tap(page, '#member-pension');
    tap(page, '#member-contributions');
    tap(page, '#member-records');
    await waitFor(() => wxCallsNamed('navigateTo').length === 4, 'the four pages');
    expect(wxCallsNamed('navigateTo').map((o) => (o as { url: string }).url)).toEqual([
      '/pages/code/index?memberId=card-m1',
      '/pages/pension/index?subjectCardId=card-m1',
      '/pages/contributions/index?subjectCardId=card-m1',
      '/pages/records/index?subjectCardId=card-m1',
    ]);

    await tapUntilShown(page, '#member-sharing', '#pin-sheet', 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('开启家庭共济');
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#member-result') !== undefined, 'the result');
    expect(idText(page, 'member-result')).toBe('已开启家庭共济');
    expect(callsTo('PUT', '/v1/family/members/card-m1/account-sharing')[0]!.data).toEqual({ allowed: true, pin: '135790' });

    await tapUntilShown(page, '#member-unbind', '#member-unbind-confirm', 'the confirmation');
    expect(callsTo('DELETE', '/v1/family/members/card-m1')).toHaveLength(0);
    tap(page, '#member-unbind-confirm');
    await waitFor(() => wxCallsNamed('redirectTo').length === 1, 'back to the family page');
    expect(callsTo('DELETE', '/v1/family/members/card-m1')).toHaveLength(1);
    expect(wxCallsNamed('redirectTo')[0]).toMatchObject({ url: '/pages/family/index' });
  });

  it('member page: a relative no longer bound says so', async () => {
    sim.api = apiStub({ 'GET /v1/family/members': ok({ members: [] }) });
    const page = openPage('pages/member/index', { memberId: 'card-gone' });
    await waitFor(() => page.querySelector('#member-error') !== undefined, 'the error');
    expect(idText(page, 'member-error')).toContain('未找到该亲属绑定');
    expect(page.querySelector('#member-code')).toBeUndefined();
  });
});
