/**
 * The family service acting for a relative: pension certification with the relative's face
 * on the helper's phone, records through the binding, bills paid with a relative's code
 * (the helper confirms), family sharing (家庭共济) as its own split part, and invitations
 * the relative accepts from their own account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { unbindCurrentChannel } from '../../functions/cards/unbind.js';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { startFaceVerification } from '../../functions/face/faceVerifications.js';
import { acceptFamilyInvitation, deleteFamilyInvitation, listFamilyInvitations } from '../../functions/family/invitations.js';
import { addFamilyMember, issueFamilyMemberCode, listFamilyHelpers, listFamilyMembers, removeFamilyMember } from '../../functions/family/members.js';
import { setHelperAccountSharing, setMemberAccountSharing } from '../../functions/family/sharing.js';
import { certifyPension, pensionCertificationStatus } from '../../functions/pension/certify.js';
import { myContributions } from '../../functions/pension/contributions.js';
import { confirmSettlement, pendingForHolder, settlementForHolder } from '../../functions/settlement/confirm.js';
import { holderAccount, holderTransactions } from '../../functions/settlement/accounts.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { reverse } from '../../functions/settlement/reverse.js';
import { settle } from '../../functions/settlement/settle.js';
import { reconciliation } from '../../functions/settlement/reconciliation.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { getFamilyCount } from '../../functions/family/family.store.js';
import { ledgerEntryKey } from '../../functions/settlement/ledger.store.js';
import { chinaDay, now, setClockOffset } from '../../functions/core/clock.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { sumOf, type Posting } from '../../functions/settlement/ledger.rules.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { claimAs, faceCheck, faceAndPharmacy, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const demo = faceAndPharmacy();
afterEach(() => setClockOffset(0));


type Holder = ClaimedHolder;
const claim = (person: SeedPerson) => claimAs(person, PIN);
const holder = (i: number) => claim(people.claimable(i));

async function bind(helper: Holder, relative: Holder, relationship: 'parent' | 'spouse' | 'child' = 'parent') {
  const face = await faceCheck(helper.session, 'family', 'pass', relative.person);
  const added = await addFamilyMember(helper.session, {
    relationship,
    name: relative.person.name,
    idNumber: relative.person.idNumber,
    faceVerificationId: face.id,
  });
  if (!('member' in added)) throw new Error('expected a member');
  return added.member;
}

const classC = (price: number): BillItem[] => [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: price }];
let order = 0;
const orderId = () => `it-fam-${process.pid}-${Date.now().toString(36)}-${++order}`;
const balanceOf = async (h: Holder) => (await holderAccount(h.session)).balance;

async function ledgerPostings(settlementId: string, kind: 'settlement' | 'reversal'): Promise<Posting[]> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: ledgerEntryKey(`${kind}:${settlementId}`) }));
  return out.Item!.postings as Posting[];
}

describe('acting for a relative through the family binding', () => {
  it("pension certification with the relative's face on the helper's phone; records and account through the binding", async () => {
    const helper = await holder(0);
    const parent = await claim(people.retiree(0));
    const stranger = await holder(1);
    await bind(helper, parent);

    expect(await pensionCertificationStatus(helper.session, parent.cardId)).toMatchObject({ status: 'due' });
    // Only pension may name a subject card; and only a bound relative's.
    await expect(startFaceVerification(helper.session, { purpose: 'unbind', subjectCardId: parent.cardId })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'subjectCardId' }],
    });
    await expect(startFaceVerification(helper.session, { purpose: 'pension', subjectCardId: stranger.cardId })).rejects.toMatchObject({
      status: 404,
      code: 'family_member_not_found',
    });
    // The helper's own face does not certify the parent.
    const ownFace = await faceCheck(helper.session, 'pension', 'pass');
    await expect(certifyPension(helper.session, ownFace.id, parent.cardId)).rejects.toMatchObject({ code: 'face_verification_other_person' });
    // A failed check of the parent's face (on the helper's phone) counts against the parent's attempts.
    const failed = await faceCheck(helper.session, 'pension', 'fail', { subjectCardId: parent.cardId });
    expect(failed.result).toMatchObject({ status: 'failed', attemptsLeft: 2 });

    const face = await faceCheck(helper.session, 'pension', 'pass', { subjectCardId: parent.cardId });
    // Another holder can't use it, even for their own bound relative.
    await expect(certifyPension(stranger.session, face.id, parent.cardId)).rejects.toMatchObject({ code: 'family_member_not_found' });
    const certified = await certifyPension(helper.session, face.id, parent.cardId);
    expect(certified).toMatchObject({ status: 'certified', validUntil: expect.any(String), dueAt: expect.any(String) });
    // The parent sees it on their own card too.
    expect(await pensionCertificationStatus(parent.session)).toMatchObject({ status: 'certified', validUntil: certified.validUntil });

    // Records through the binding are the relative's, not the helper's.
    const theirs = await myContributions(helper.session, { subjectCardId: parent.cardId, type: 'pension' });
    const ownView = await myContributions(parent.session, { type: 'pension' });
    expect(theirs).toEqual(ownView);
    expect(await holderAccount(helper.session, parent.cardId)).toEqual(await holderAccount(parent.session));
    expect(await holderTransactions(helper.session, 10, undefined, parent.cardId)).toEqual(await holderTransactions(parent.session, 10));

    // After unbinding, nothing goes through any more.
    await removeFamilyMember(helper.session, parent.cardId);
    await expect(pensionCertificationStatus(helper.session, parent.cardId)).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    await expect(myContributions(helper.session, { subjectCardId: parent.cardId })).rejects.toMatchObject({ code: 'family_member_not_found' });
    await expect(holderAccount(helper.session, parent.cardId)).rejects.toMatchObject({ code: 'family_member_not_found' });
    await expect(startFaceVerification(helper.session, { purpose: 'pension', subjectCardId: parent.cardId })).rejects.toMatchObject({
      code: 'family_member_not_found',
    });
  });

  it("a bill paid with the relative's code waits for the helper's PIN; the patient's account pays", async () => {
    const helper = await holder(2);
    const parent = await holder(3);
    await bind(helper, parent);
    const before = { helper: await balanceOf(helper), parent: await balanceOf(parent) };

    const { code } = await issueFamilyMemberCode(helper.session, parent.cardId);
    const pre = await preSettle(demo.pharmacy, { code, institutionOrderId: orderId(), items: classC(800) });
    expect(pre.split).toMatchObject({ total: 800, familyAccount: 0 });

    expect((await pendingForHolder(helper.session)).map((s) => s.id)).toEqual([pre.id]);
    expect(await pendingForHolder(parent.session)).toEqual([]);
    const view = await settlementForHolder(helper.session, pre.id);
    expect(view).toMatchObject({ presentedBy: 'family', patient: { relationship: 'parent', maskedName: expect.stringMatching(/^\S\*+$/u) } });
    // The patient can see it but the helper who showed the code confirms.
    await expect(confirmSettlement(parent.session, pre.id, PIN)).rejects.toMatchObject({ status: 403, code: 'confirmer_mismatch' });
    await expect(confirmSettlement(helper.session, pre.id, '111111')).rejects.toMatchObject({ code: 'wrong_pin' });
    await confirmSettlement(helper.session, pre.id, PIN);
    const done = await settle(demo.pharmacy, pre.id, `k-${pre.id}`, {});
    expect(done).toMatchObject({ status: 'settled', split: { familyAccount: 0 } });

    expect(await balanceOf(parent)).toBe(before.parent - done.split.personalAccount);
    expect(await balanceOf(helper)).toBe(before.helper);
  });

  it("a family code dies when the helper's own channel is unbound", async () => {
    const helper = await holder(4);
    const parent = await holder(5);
    await bind(helper, parent);
    const { code } = await issueFamilyMemberCode(helper.session, parent.cardId);
    await unbindCurrentChannel(helper.session, { pin: PIN });
    await expect(verifyCode('demo-pharmacy', code, 'query')).rejects.toMatchObject({ status: 422, code: 'code_voided' });
  });
});

describe('family sharing (家庭共济)', () => {
  it("the helper's account pays what the relative's own account can't, as its own part; reversal gives both back", async () => {
    const helper = await holder(6);
    const parent = await holder(7);
    const member = await bind(helper, parent);
    expect(member.accountSharing).toEqual({ fromMe: false, toMe: false });
    const start = { helper: await balanceOf(helper), parent: await balanceOf(parent) };
    expect(start.helper).toBeGreaterThan(0);
    // More than the parent's account holds: the rest is cash unless a relative shares.
    const total = start.parent + 3000;

    const withoutSharing = await preSettle(demo.pharmacy, {
      code: (await issueFamilyMemberCode(helper.session, parent.cardId)).code,
      institutionOrderId: orderId(),
      items: classC(total),
    });
    expect(withoutSharing.split).toMatchObject({ personalAccount: start.parent, familyAccount: 0, cash: 3000 });

    await expect(setMemberAccountSharing(helper.session, parent.cardId, true, '111111')).rejects.toMatchObject({ code: 'wrong_pin' });
    expect((await listFamilyMembers(helper.session)).members[0]!.accountSharing.fromMe).toBe(false);
    const shared = await setMemberAccountSharing(helper.session, parent.cardId, true, PIN);
    expect(shared.accountSharing).toEqual({ fromMe: true, toMe: false });
    expect((await listFamilyHelpers(parent.session)).helpers[0]!.accountSharing).toEqual({ fromMe: false, toMe: true });

    const familyPart = Math.min(3000, start.helper);
    const pre = await preSettle(demo.pharmacy, {
      code: (await issueFamilyMemberCode(helper.session, parent.cardId)).code,
      institutionOrderId: orderId(),
      items: classC(total),
    });
    expect(pre.split).toMatchObject({ total, pooledFund: 0, personalAccount: start.parent, familyAccount: familyPart, cash: 3000 - familyPart });
    expect(await settlementForHolder(helper.session, pre.id)).toMatchObject({ familyAccountPayer: { maskedName: expect.any(String) } });
    await confirmSettlement(helper.session, pre.id, PIN);
    const done = await settle(demo.pharmacy, pre.id, `k-${pre.id}`, {});
    expect(done.split).toEqual(pre.split);

    expect(await balanceOf(parent)).toBe(0);
    expect(await balanceOf(helper)).toBe(start.helper - familyPart);
    const postings = await ledgerPostings(pre.id, 'settlement');
    expect(sumOf(postings)).toBe(0);
    expect(postings.filter((p) => p.account.endsWith(':personal')).map((p) => p.amount).sort((a, b) => a - b)).toEqual(
      [-start.parent, -familyPart].sort((a, b) => a - b),
    );
    // The helper's transaction list shows the payment for the relative.
    const { transactions } = await holderTransactions(helper.session, 5);
    expect(transactions[0]).toMatchObject({ settlementId: pre.id, personalAccountChange: -familyPart, paidForRelative: { maskedName: expect.any(String) } });
    // The helper sees it as the confirmer; the reconciliation counts the part.
    const day = await reconciliation(demo.pharmacy, chinaDay(now()));
    expect(day.settlements.find((s) => s.settlementId === pre.id)).toMatchObject({ familyAccount: familyPart });
    expect(day.totals.familyAccount).toBeGreaterThanOrEqual(familyPart);

    await reverse(demo.pharmacy, pre.id, `r-${pre.id}`, {});
    expect(await balanceOf(parent)).toBe(start.parent);
    expect(await balanceOf(helper)).toBe(start.helper);
    expect(sumOf([...postings, ...(await ledgerPostings(pre.id, 'reversal'))])).toBe(0);
  });

  it('sharing withdrawn after pre-settlement: the settle refuses split_changed; re-confirmed, it charges cash and the helper pays nothing', async () => {
    const helper = await holder(8);
    const parent = await holder(9);
    await bind(helper, parent);
    await setMemberAccountSharing(helper.session, parent.cardId, true, PIN);
    const start = { helper: await balanceOf(helper), parent: await balanceOf(parent) };
    const pre = await preSettle(demo.pharmacy, {
      code: (await issueFamilyMemberCode(helper.session, parent.cardId)).code,
      institutionOrderId: orderId(),
      items: classC(start.parent + 2000),
    });
    expect(pre.split.familyAccount).toBe(Math.min(2000, start.helper));
    await confirmSettlement(helper.session, pre.id, PIN);
    await setMemberAccountSharing(helper.session, parent.cardId, false, PIN);
    // The confirmed split had the helper's account pay: it can't be charged as confirmed any more.
    await expect(settle(demo.pharmacy, pre.id, `k-${pre.id}`, {})).rejects.toMatchObject({
      code: 'split_changed',
      extensions: { split: { personalAccount: start.parent, familyAccount: 0, cash: 2000 } },
    });
    await confirmSettlement(helper.session, pre.id, PIN);
    const done = await settle(demo.pharmacy, pre.id, `k2-${pre.id}`, {});
    expect(done.split).toMatchObject({ personalAccount: start.parent, familyAccount: 0, cash: 2000 });
    expect(await balanceOf(helper)).toBe(start.helper);
  });

  it("the relative lets their account pay the helper's own bills", async () => {
    const helper = await holder(10);
    const parent = await holder(11);
    await bind(helper, parent);
    const helped = await setHelperAccountSharing(parent.session, helper.cardId, true, PIN);
    expect(helped).toMatchObject({ helperId: helper.cardId, accountSharing: { fromMe: true, toMe: false } });
    const start = { helper: await balanceOf(helper), parent: await balanceOf(parent) };
    const pre = await preSettle(demo.pharmacy, { code: (await issueCode(helper.session)).code, institutionOrderId: orderId(), items: classC(start.helper + 1000) });
    expect(pre.split).toMatchObject({ personalAccount: start.helper, familyAccount: Math.min(1000, start.parent) });
    // The helper's own bill: the helper confirms as usual.
    await confirmSettlement(helper.session, pre.id, PIN);
    await settle(demo.pharmacy, pre.id, `k-${pre.id}`, {});
    expect(await balanceOf(parent)).toBe(start.parent - Math.min(1000, start.parent));
    // A stranger can't set sharing on a binding that isn't theirs.
    const stranger = await holder(12);
    await expect(setHelperAccountSharing(stranger.session, helper.cardId, true, PIN)).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
  });
});

describe('invitations: the relative confirms from their own account', () => {
  it('invite → the relative accepts with their PIN → bound; refusals write nothing', async () => {
    const helper = await holder(13);
    const parent = await holder(14);
    const other = await holder(15);
    const ask = () =>
      addFamilyMember(helper.session, { relationship: 'parent', name: parent.person.name, idNumber: parent.person.idNumber, confirmBy: 'relative' });

    const sent = await ask();
    if (!('invitation' in sent)) throw new Error('expected an invitation');
    expect(sent.invitation).toMatchObject({ id: expect.stringMatching(/^fi_/), relationship: 'parent' });
    await expect(ask()).rejects.toMatchObject({ status: 409, code: 'family_invitation_pending' });
    expect(await getFamilyCount(helper.cardId)).toBe(0);

    const mine = await listFamilyInvitations(parent.session);
    expect(mine.received.map((i) => i.id)).toEqual([sent.invitation.id]);
    expect((await listFamilyInvitations(helper.session)).sent.map((i) => i.id)).toEqual([sent.invitation.id]);
    expect(JSON.stringify(mine)).not.toContain(helper.person.name);

    await expect(acceptFamilyInvitation(other.session, sent.invitation.id, PIN)).rejects.toMatchObject({ status: 404, code: 'family_invitation_not_found' });
    await expect(acceptFamilyInvitation(parent.session, sent.invitation.id, '111111')).rejects.toMatchObject({ code: 'wrong_pin' });
    expect(await getFamilyCount(helper.cardId)).toBe(0);

    const accepted = await acceptFamilyInvitation(parent.session, sent.invitation.id, PIN);
    expect(accepted).toMatchObject({ helperId: helper.cardId, relationship: 'parent' });
    expect((await listFamilyMembers(helper.session)).members.map((m) => m.memberId)).toEqual([parent.cardId]);
    expect(await getFamilyCount(helper.cardId)).toBe(1);
    expect(await listFamilyInvitations(parent.session)).toEqual({ received: [], sent: [] });
    await expect(acceptFamilyInvitation(parent.session, sent.invitation.id, PIN)).rejects.toMatchObject({ code: 'family_invitation_not_found' });
    // Now bound: a second invitation is a duplicate binding.
    await expect(ask()).rejects.toMatchObject({ status: 409, code: 'family_member_exists' });
  });

  it('declined, withdrawn and expired invitations cannot be accepted', async () => {
    const helper = await holder(16);
    const parent = await holder(17);
    const invite = async () => {
      const r = await addFamilyMember(helper.session, { relationship: 'parent', name: parent.person.name, idNumber: parent.person.idNumber, confirmBy: 'relative' });
      if (!('invitation' in r)) throw new Error('expected an invitation');
      return r.invitation.id;
    };
    const declined = await invite();
    await deleteFamilyInvitation(parent.session, declined);
    await expect(acceptFamilyInvitation(parent.session, declined, PIN)).rejects.toMatchObject({ code: 'family_invitation_not_found' });

    const withdrawn = await invite();
    await deleteFamilyInvitation(helper.session, withdrawn);
    await expect(acceptFamilyInvitation(parent.session, withdrawn, PIN)).rejects.toMatchObject({ code: 'family_invitation_not_found' });
    await expect(deleteFamilyInvitation(helper.session, withdrawn)).rejects.toMatchObject({ status: 404 });

    const expired = await invite();
    setClockOffset(8 * 86_400_000);
    await expect(acceptFamilyInvitation(parent.session, expired, PIN)).rejects.toMatchObject({ code: 'family_invitation_not_found' });
    expect((await listFamilyInvitations(parent.session)).received).toEqual([]);
    // An expired invitation doesn't block a new one.
    await expect(invite()).resolves.toMatch(/^fi_/);
    expect(await getFamilyCount(helper.cardId)).toBe(0);
  });
});
