// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the family-add page: the form, the relative's
 * face, the guardian path, the invitation.
 */
import { describe, expect, it } from 'vitest';
import { ADULT_ID, at, MEMBER } from './fixtures.js';
import { apiStub, callsTo, created, idText, ok, openPage, sim, simulatePages, tap, waitFor, wxCallsNamed, type Reply } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('family-add: the form checks relationship, name and ID number; refusals show the server detail; 请亲属确认 sends an invitation', async () => {
    let answer: Reply = {
      statusCode: 422,
      data: { status: 422, code: 'family_limit_reached', detail: '最多可绑定8位亲属。', errors: [{ field: 'idNumber', message: 'family_limit_reached' }] },
    };
    sim.api = apiStub({ 'POST /v1/family/members': () => answer });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-face-start') !== undefined, 'the form');
    tap(page, '#family-face-start');
    await waitFor(() => page.querySelector('#family-rel-error') !== undefined, 'the relationship error');
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

    tap(page, '#family-invite');
    await waitFor(() => page.querySelector('#family-add-error') !== undefined, 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('最多可绑定8位亲属。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID, confirmBy: 'relative' });

    answer = {
      statusCode: 202,
      data: { invitation: { id: 'inv-9', relationship: 'parent', helper: { maskedName: '张*' }, relative: { maskedName: '张*国' }, createdAt: at(0), expiresAt: at(1e9) } },
    };
    tap(page, '#family-invite');
    await waitFor(() => page.querySelector('#family-invited') !== undefined, 'the invitation');
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
      'POST /v1/family/members': created({ member: { ...MEMBER, memberId: 'card-m2' } }),
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
    expect(callsTo('POST', '/v1/family/members')).toHaveLength(0);

    faceStatus = 'passed';
    tap(page, '#family-face-start');
    await waitFor(() => page.querySelector('#family-add-done') !== undefined, 'the binding');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'parent', name: '张建国', idNumber: ADULT_ID, faceVerificationId: 'fv-1' });
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
    tap(page, '#family-rel-child');
    await waitFor(() => page.querySelector('#family-add-child') !== undefined, 'the guardian button');
    tap(page, '#family-add-child');
    await waitFor(() => page.querySelector('#family-add-error') !== undefined, 'the refusal');
    expect(idText(page, 'family-add-error')).toBe('添加成年亲属需要该亲属本人的人脸核验。');
    expect(callsTo('POST', '/v1/family/members')[0]!.data).toEqual({ relationship: 'child', name: '张小明', idNumber: childId });

    answer = { statusCode: 201, data: { member: { ...MEMBER, memberId: 'card-c', relationship: 'child', maskedName: '张*明', isPensioner: false } } };
    tap(page, '#family-add-child');
    await waitFor(() => page.querySelector('#family-add-done') !== undefined, 'the binding');
    expect(idText(page, 'family-add-done')).toContain('已添加子女 张*明');
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
  });
});
