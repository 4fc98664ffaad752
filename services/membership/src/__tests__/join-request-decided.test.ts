import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/**
 * A decision on a join request is announced with the decline reason, because the requester is
 * told by the notifications service, from the event alone. Membership sends no email of its own.
 */
let t: SubgraphTest<typeof membership>;

beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

async function decidedEvent(requestId: string): Promise<Record<string, unknown>> {
  const rows: { payload: Record<string, unknown> }[] = await t.running.runtime.db.query(
    `SELECT payload FROM outbox WHERE type = 'membership.JoinRequestDecided' AND payload->>'requestId' = $1`,
    [requestId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.payload;
}

test('a decline publishes its reason; an approval and a withdrawal publish none; a ban of someone asking publishes the ban reason', async () => {
  const community = await t.factories.community({ joinPolicy: 'APPROVAL' });
  const coordinator = t.factories.viewer(community.coordinator);
  const { joining } = t.factories.domain;
  const [declined, approved, withdrawn, banned] = await Promise.all([t.factories.member(), t.factories.member(), t.factories.member(), t.factories.member()]);
  const ask = (member: typeof declined) => joining.requestToJoin(t.factories.viewer(member), { communityId: community.id, answers: [] });

  const declinedRequest = await ask(declined);
  await joining.decline(coordinator, { id: declinedRequest.id, reason: '  Please apply once your placement starts.  ' });
  expect(await decidedEvent(declinedRequest.id)).toMatchObject({ memberId: declined.id, decision: 'DECLINED', reason: 'Please apply once your placement starts.' });

  const approvedRequest = await ask(approved);
  await joining.approve(coordinator, approvedRequest.id);
  expect(await decidedEvent(approvedRequest.id)).toMatchObject({ decision: 'APPROVED', reason: null });

  const withdrawnRequest = await ask(withdrawn);
  await joining.withdraw(t.factories.viewer(withdrawn), withdrawnRequest.id);
  expect(await decidedEvent(withdrawnRequest.id)).toMatchObject({ decision: 'WITHDRAWN', reason: null });

  const bannedRequest = await ask(banned);
  await t.factories.ban(community, banned, 'Spam in every answer');
  expect(await decidedEvent(bannedRequest.id)).toMatchObject({ decision: 'DECLINED', reason: 'Spam in every answer' });

  // The decision email is the notifications service's now; membership queues none.
  const emails = await t.running.runtime.jobs.find<{ template: string }>('membership.send-email');
  expect(emails.filter((job) => !['verifyEmail', 'passwordReset', 'signUpAttempt', 'passwordChanged', 'newDeviceSignIn', 'invitation'].includes(job.data.template))).toEqual([]);
});
