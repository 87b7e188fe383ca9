// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the family-add page: the form, the relative's
 * face, the guardian path, the invitation.
 */
import { describe, expect, it } from 'vitest';
import { ADULT_ID, at, MEMBER, passedFaceRoutes } from './fixtures.js';
import {
  apiStub,
  callsTo,
  created,
  idText,
  ok,
  openPage,
  type Reply,
  sim,
  type SimComponent,
  simulatePages,
  tap,
  tapUntilShown,
  typeOnPad,
  waitFor,
  wxCallsNamed,
} from './harness.js';

simulatePages();

const NO_CARD: Reply = {
  statusCode: 422,
  data: { status: 422, code: 'family_relative_no_card', detail: '该亲属尚未领取电子社保卡，您可以为TA代为申领。' },
};
const filledDots = (page: SimComponent) => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length;
/** A child's ID number (born 10 years ago), with its check digit. */
const CHILD_ID = (() => {
  const year = new Date().getUTCFullYear() - 10;
  const first17 = `110101${year}0101001`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = Array.from(first17).reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return first17 + '10X98765432'.charAt(sum % 11);
})();

async function fillForm(page: SimComponent, rel: string, name: string, idNumber: string): Promise<void> {
  await waitFor(() => page.querySelector(`#family-rel-${rel}`) !== undefined, 'the form');
  tap(page, `#family-rel-${rel}`);
  page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: name } });
  page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: idNumber } });
  await new Promise((r) => setTimeout(r, 50));
}

/** The PIN step: types `first` (moves on by itself when the rules take it), then `second`, then submits. */
async function setPinTwice(page: SimComponent, first: string, second: string): Promise<void> {
  await typeOnPad(page, first);
  await waitFor(() => page.querySelector('#pin-confirm-dots') !== undefined, 'the confirm phase');
  await typeOnPad(page, second);
  await waitFor(() => filledDots(page) === 6 && page.querySelector('#family-claim-submit') !== undefined, 'six digits');
  tap(page, '#family-claim-submit');
}

describe('weapp pages in miniprogram-simulate', () => {
  it('family-add: the form checks relationship, name and ID number; refusals show the server detail; 请亲属确认 sends an invitation', async () => {
    let answer: Reply = {
      statusCode: 422,
      data: { status: 422, code: 'family_limit_reached', detail: '最多可绑定8位亲属。', errors: [{ field: 'idNumber', message: 'family_limit_reached' }] },
    };
    sim.api = apiStub({ 'POST /v1/family/members': () => answer });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-face-start') !== undefined, 'the form');
    await tapUntilShown(page, '#family-face-start', '#family-rel-error', 'the relationship error');
    expect(idText(page, 'family-rel-error')).toBe('请选择与您的关系');
    expect(idText(page, 'family-name-error')).toBe('请输入姓名');
    expect(idText(page, 'family-id-error')).toBe('请输入身份证号');
    // The claim page's check digit rule.
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: '110105194912310021' } });
    await waitFor(() => page.querySelector('#family-id-error')?.dom.textContent?.includes('校验位不正确') === true, 'the check digit error');
    expect(sim.calls).toEqual([]);

    expect(page.querySelector('#family-rel-grandparent')!.dom.textContent).toBe('祖辈');
    tap(page, '#family-rel-parent');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张建国' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
    await waitFor(() => page.querySelector('#family-id-error') === undefined, 'a valid ID number');
    // An adult: no way around the face check but the relative's own confirmation.
    expect(page.querySelector('#family-add-child')).toBeUndefined();

    await tapUntilShown(page, '#family-invite', '#family-add-error', 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('最多可绑定8位亲属。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID, confirmBy: 'relative' });

    answer = {
      statusCode: 202,
      data: { invitation: { id: 'inv-9', relationship: 'parent', helper: { maskedName: '张*' }, relative: { maskedName: '张*国' }, createdAt: at(0), expiresAt: at(1e9) } },
    };
    await tapUntilShown(page, '#family-invite', '#family-invited', 'the invitation');
    expect(idText(page, 'family-invited')).toContain('已邀请 张*国（父母）');
    tap(page, '#family-add-back');
    await waitFor(() => wxCallsNamed('redirectTo').length === 1, 'back to the family page');
    expect(wxCallsNamed('redirectTo')[0]).toMatchObject({ url: '/pages/family/index' });
  });

  it("family-add: the relative's face on this phone (server result), then the binding with faceVerificationId", async () => {
    let faceStatus = 'failed';
    sim.api = apiStub({
      'POST /v1/face-verifications': () => created({ id: 'fv-1', provider: 'wechat', handoff: { verifyId: 'vid-1' }, expiresAt: at(3_600_000) }),
      'POST /v1/face-verifications/fv-1/result': () => ok({ id: 'fv-1', status: faceStatus, attemptsLeft: 2 }),
      // Asked first without a face check: the relative has a card, so their face is needed.
      'POST /v1/family/members': (call) =>
        (call.data as { faceVerificationId?: string }).faceVerificationId
          ? created({ member: { ...MEMBER, memberId: 'card-m2' } })
          : { statusCode: 422, data: { status: 422, code: 'face_verification_required', detail: '添加成年亲属需要该亲属本人的人脸核验。' } },
    });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-rel-parent') !== undefined, 'the form');
    tap(page, '#family-rel-parent');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张建国' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
    await new Promise((r) => setTimeout(r, 50));
    tap(page, '#family-face-start');
    // A failed check: guidance and attempts left, no binding.
    await waitFor(() => page.querySelector('#face-attempts') !== undefined, 'the attempts left');
    expect(idText(page, 'face-attempts')).toContain('2');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'family', name: '张建国', idNumber: ADULT_ID });
    expect(wxCallsNamed('requestFacialVerify')[0]).toMatchObject({ verifyId: 'vid-1' });
    // Only the question asked before the face check: no binding.
    expect(callsTo('POST', '/v1/family/members')).toHaveLength(1);

    faceStatus = 'passed';
    await tapUntilShown(page, '#family-face-start', '#family-add-done', 'the binding');
    expect(callsTo('POST', '/v1/family/members').map((c) => c.data)).toEqual([
      { relationship: 'parent', name: '张建国', idNumber: ADULT_ID },
      { relationship: 'parent', name: '张建国', idNumber: ADULT_ID, faceVerificationId: 'fv-1' },
    ]);
    expect(idText(page, 'family-add-done')).toContain('已添加父母 张*国');
  });

  it('family-add: a child under 16 is added by a guardian without a face; the server may still ask for one', async () => {
    const childId = (() => {
      const year = new Date().getUTCFullYear() - 10;
      const first17 = `110101${year}0101001`;
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = Array.from(first17).reduce((s, c, i) => s + Number(c) * w[i]!, 0);
      return first17 + '10X98765432'.charAt(sum % 11);
    })();
    let answer: Reply = {
      statusCode: 422,
      data: { code: 'face_verification_required', detail: '添加成年亲属需要该亲属本人的人脸核验。' },
    };
    sim.api = apiStub({ 'POST /v1/family/members': () => answer });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-rel-child') !== undefined, 'the form');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张小明' } });
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: childId } });
    tap(page, '#family-rel-sibling');
    await new Promise((r) => setTimeout(r, 50));
    // Only as 子女.
    expect(page.querySelector('#family-add-child')).toBeUndefined();
    await tapUntilShown(page, '#family-rel-child', '#family-add-child', 'the guardian button');
    await tapUntilShown(page, '#family-add-child', '#family-add-error', 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('添加成年亲属需要该亲属本人的人脸核验。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'child', name: '张小明', idNumber: childId });

    answer = { statusCode: 201, data: { member: { ...MEMBER, memberId: 'card-c', relationship: 'child', maskedName: '张*明', isPensioner: false } } };
    await tapUntilShown(page, '#family-add-child', '#family-add-done', 'the binding');
    expect(idText(page, 'family-add-done')).toContain('已添加子女 张*明');
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
  });

  it("family-add: a parent without a card: the offer, the parent's consent and face, the parent's PIN twice, the claim, the parent's code", async () => {
    let claimAnswer: Reply = {
      statusCode: 422,
      data: { status: 422, code: 'pin_rule_violated', detail: '密码不能取自身份证号中的连续数字。', errors: [{ field: 'pin', message: 'from_id_number' }] },
    };
    sim.api = apiStub({
      'POST /v1/family/members': () => NO_CARD,
      ...passedFaceRoutes('fv-7', 2, at(3_600_000)),
      'POST /v1/family/members/claims': () => claimAnswer,
    });
    const page = openPage('pages/family-add/index');
    await fillForm(page, 'parent', '张建国', ADULT_ID);
    tap(page, '#family-face-start');

    // Asked first, without a face: no card, so the offer, in plain words; no face check yet.
    await waitFor(() => page.querySelector('#family-claim-offer') !== undefined, 'the offer');
    expect(idText(page, 'family-claim-why')).toBe('该亲属尚未领取电子社保卡，您可以为TA代为申领。');
    expect(idText(page, 'family-claim-offer')).toContain('需要TA本人在场');
    expect(idText(page, 'family-claim-offer')).toContain('TA本人在这部手机上刷脸');
    expect(idText(page, 'family-add-step')).toContain('为TA申领电子社保卡');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID });
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);

    // The parent's own consent: nothing without the tick.
    await tapUntilShown(page, '#family-claim-start', '#family-claim-consent', 'the consent');
    expect(idText(page, 'family-claim-notice')).toContain('个人信息处理告知');
    expect(idText(page, 'family-claim-consent-check')).toContain('本人（被申领人）已阅读并同意');
    tap(page, '#family-claim-consent-next');
    await new Promise((r) => setTimeout(r, 50));
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
    tap(page, '#family-claim-consent-check');
    await waitFor(() => idText(page, 'family-claim-consent-check').includes('✓'), 'the tick');
    tap(page, '#family-claim-consent-next');

    // The parent's face on this phone (purpose family, their name and ID number), the server's result, then the PIN.
    await waitFor(() => page.querySelector('#family-claim-pin') !== undefined, 'the PIN step');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'family', name: '张建国', idNumber: ADULT_ID });
    expect(wxCallsNamed('requestFacialVerify')[0]).toMatchObject({ verifyId: 'vid-7' });
    expect(idText(page, 'family-claim-pin')).toContain('请让TA本人设置密码并牢记');
    expect(idText(page, 'pin-rules')).toBe('6位数字，不能是连续或重复数字，不能取自身份证号');

    // The rules with the parent's ID number, on the phone.
    await typeOnPad(page, '491231');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the rule error');
    expect(page.querySelector('#pin-confirm-dots')).toBeUndefined();
    // Twice, not the same: back to the first entry.
    await setPinTwice(page, '258013', '258014');
    await waitFor(() => idText(page, 'pin-error') === '两次输入的新密码不一致，请重新设置', 'the mismatch');
    expect(page.querySelector('#pin-first-dots')).toBeDefined();
    expect(callsTo('POST', '/v1/family/members/claims')).toHaveLength(0);

    // The server's rule refusal: the PIN again, with its words.
    await setPinTwice(page, '258013', '258013');
    await waitFor(() => idText(page, 'pin-error') === '密码不能取自身份证号中的连续数字。', 'the server rule');
    expect(page.querySelector('#pin-first-dots')).toBeDefined();
    expect(callsTo('POST', '/v1/family/members/claims')[0]!.data).toEqual({
      relationship: 'parent',
      name: '张建国',
      idNumber: ADULT_ID,
      faceVerificationId: 'fv-7',
      pin: '258013',
      consent: true,
    });

    claimAnswer = created({ member: { ...MEMBER, memberId: 'card-new' } });
    await setPinTwice(page, '369024', '369024');
    await waitFor(() => page.querySelector('#family-claim-done') !== undefined, 'the claim');
    expect(callsTo('POST', '/v1/family/members/claims')[1]!.data).toMatchObject({ faceVerificationId: 'fv-7', pin: '369024', consent: true });
    expect(idText(page, 'family-claim-done')).toContain('已为父母 张*国 申领电子社保卡，并添加到亲情服务');
    tap(page, '#family-claim-code');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, "the parent's code");
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/code/index?memberId=card-new' });
  }, 30_000);

  it("family-add: a child without a card is claimed with the guardian's own face; a name that does not match goes back to the form", async () => {
    let claimAnswer: Reply = {
      statusCode: 422,
      data: { status: 422, code: 'identity_mismatch', detail: '姓名与身份证号不匹配。', errors: [{ field: 'name', message: 'identity_mismatch' }] },
    };
    sim.api = apiStub({
      'POST /v1/family/members': () => NO_CARD,
      ...passedFaceRoutes('fv-g', 2, at(3_600_000)),
      'POST /v1/family/members/claims': () => claimAnswer,
    });
    const page = openPage('pages/family-add/index');
    await fillForm(page, 'child', '张小明', CHILD_ID);
    await waitFor(() => page.querySelector('#family-add-child') !== undefined, 'the guardian button');
    await tapUntilShown(page, '#family-add-child', '#family-claim-offer', 'the offer');
    expect(idText(page, 'family-claim-offer')).toContain('监护人（您本人）在这部手机上刷脸');
    await tapUntilShown(page, '#family-claim-start', '#family-claim-consent-check', 'the consent');
    expect(idText(page, 'family-claim-consent-check')).toContain('监护人，已阅读并代为同意');
    tap(page, '#family-claim-consent-check');
    await waitFor(() => idText(page, 'family-claim-consent-check').includes('✓'), 'the tick');
    await tapUntilShown(page, '#family-claim-consent-next', '#family-claim-pin', 'the PIN step');
    // The guardian's own face: the session holder's, no name or ID number sent.
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toEqual({ purpose: 'guardian' });
    expect(idText(page, 'family-claim-pin')).toContain('请监护人为孩子设置密码并牢记');

    await setPinTwice(page, '258013', '258013');
    // identity_mismatch: the form again, the words under the name, the refusal on top.
    await waitFor(() => page.querySelector('#family-add-error') !== undefined, 'back at the form');
    expect(idText(page, 'family-add-error')).toBe('姓名与身份证号不匹配。');
    expect(page.querySelector('#family-name-error')).toBeDefined();
    expect(callsTo('POST', '/v1/family/members/claims')[0]!.data).toEqual({
      relationship: 'child',
      name: '张小明',
      idNumber: CHILD_ID,
      faceVerificationId: 'fv-g',
      pin: '258013',
      consent: true,
    });

    // Corrected and tried again: a new face check, then the claim.
    claimAnswer = created({ member: { ...MEMBER, memberId: 'card-kid', relationship: 'child', maskedName: '张*明', isPensioner: false } });
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张小民' } });
    await new Promise((r) => setTimeout(r, 50));
    await tapUntilShown(page, '#family-add-child', '#family-claim-start', 'the offer again');
    await tapUntilShown(page, '#family-claim-start', '#family-claim-consent-check', 'the consent again');
    tap(page, '#family-claim-consent-check');
    await waitFor(() => idText(page, 'family-claim-consent-check').includes('✓'), 'the tick');
    await tapUntilShown(page, '#family-claim-consent-next', '#family-claim-pin', 'the PIN step');
    await setPinTwice(page, '258013', '258013');
    await waitFor(() => page.querySelector('#family-claim-done') !== undefined, 'the claim');
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(2);
    expect(callsTo('POST', '/v1/family/members/claims')[1]!.data).toMatchObject({ name: '张小民', faceVerificationId: 'fv-g' });
    expect(idText(page, 'family-claim-done')).toContain('已为子女 张*明 申领电子社保卡');
    tap(page, '#family-add-back');
    await waitFor(() => wxCallsNamed('redirectTo').length === 1, 'back to the family page');
    expect(wxCallsNamed('redirectTo')[0]).toMatchObject({ url: '/pages/family/index' });
  }, 30_000);
});
