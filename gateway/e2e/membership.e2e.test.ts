import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { signIn, startStack, type Stack } from './harness';

/** The ways into a community, end to end through the gateway, as the admin UI would drive them. */
let stack: Stack;
let factories: MembershipFactories;

beforeAll(async () => {
  stack = await startStack();
  factories = new MembershipFactories(stack.services.membership as RunningMembership);
});
afterAll(() => stack?.stop());

async function session(memberId: string): Promise<string> {
  const email = (await factories.domain.read.accounts([memberId]))[0]!.email;
  return (await signIn(stack, email, TEST_PASSWORD)).accessToken;
}

test('join an open community directly', async () => {
  const community = await factories.community({ joinPolicy: 'OPEN', visibility: 'PUBLIC' });
  const token = await session((await factories.member()).id);
  const before = await stack.graphql<{ community: { viewerCan: { join: boolean; participate: boolean } } }>(
    `query ($id: ID!) { community(id: $id) { viewerCan { join participate } } }`,
    { id: community.id },
    { token },
  );
  expect(before.data?.community.viewerCan).toEqual({ join: true, participate: false });
  const joined = await stack.graphql<{ joinCommunity: { membership: { role: string; status: string } } }>(
    `mutation ($id: ID!) { joinCommunity(input: { communityId: $id }) { membership { role status } } }`,
    { id: community.id },
    { token },
  );
  expect(joined.data?.joinCommunity.membership).toEqual({ role: 'MEMBER', status: 'ACTIVE' });
});

test('ask to join with answers, be declined with a reason, ask again, be approved', async () => {
  const community = await factories.community({ joinPolicy: 'APPROVAL', visibility: 'MEMBERS_ONLY', questions: [{ prompt: 'What is your role in palliative care?', required: true }] });
  const coordinatorToken = await session(community.coordinator.id);
  const requester = await factories.member({ displayName: 'Keen Volunteer' });
  const token = await session(requester.id);
  const questions = await stack.graphql<{ community: { questions: { id: string }[] } }>(`query ($id: ID!) { community(id: $id) { questions { id } } }`, { id: community.id }, { token });
  const questionId = questions.data!.community.questions[0]!.id;
  const REQUEST = `mutation ($input: RequestToJoinInput!) { requestToJoin(input: $input) { joinRequest { id status } } }`;

  const missing = await stack.graphql(REQUEST, { input: { communityId: community.id, answers: [] } }, { token });
  expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.answers' });

  const first = await stack.graphql<{ requestToJoin: { joinRequest: { id: string } } }>(REQUEST, { input: { communityId: community.id, answers: [{ questionId, answer: 'Hospice volunteer' }] } }, { token });
  const twice = await stack.graphql(REQUEST, { input: { communityId: community.id, answers: [{ questionId, answer: 'Again' }] } }, { token });
  expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REQUEST_PENDING' });

  const queue = await stack.graphql<{ community: { joinRequests: { totalCount: number; nodes: { member: { displayName: string; email: string }; answers: { prompt: string; answer: string }[] }[] } } }>(
    `query ($id: ID!) { community(id: $id) { joinRequests { totalCount nodes { member { displayName email } answers { prompt answer } } } } }`,
    { id: community.id },
    { token: coordinatorToken },
  );
  expect(queue.data?.community.joinRequests.nodes[0]).toMatchObject({
    member: { displayName: 'Keen Volunteer', email: null },
    answers: [{ prompt: 'What is your role in palliative care?', answer: 'Hospice volunteer' }],
  });

  await stack.graphql(`mutation ($id: ID!) { declineJoinRequest(input: { id: $id, reason: "Please apply once you have started your placement." }) { joinRequest { status } } }`, { id: first.data!.requestToJoin.joinRequest.id }, { token: coordinatorToken });
  const seen = await stack.graphql<{ community: { viewerJoinRequest: { status: string; declineReason: string; decidedBy: { displayName: string } } } }>(
    `query ($id: ID!) { community(id: $id) { viewerJoinRequest { status declineReason decidedBy { displayName } } } }`,
    { id: community.id },
    { token },
  );
  expect(seen.data?.community.viewerJoinRequest).toEqual({ status: 'DECLINED', declineReason: 'Please apply once you have started your placement.', decidedBy: { displayName: 'Coordinator' } });
  // The notifications service tells the requester, with the reason.
  const requesterEmail = (await factories.domain.read.accounts([requester.id]))[0]!.email;
  const declineMail = await stack.smtp.waitFor((mail) => mail.to.includes(requesterEmail) && /^Your request to join /.test(mail.subject));
  expect(declineMail.subject).toBe(`Your request to join ${community.name}`);
  expect(declineMail.text).toContain('Reason: Please apply once you have started your placement.');

  const again = await stack.graphql<{ requestToJoin: { joinRequest: { id: string } } }>(REQUEST, { input: { communityId: community.id, answers: [{ questionId, answer: 'Placement started' }] } }, { token });
  const approved = await stack.graphql<{ approveJoinRequest: { joinRequest: { status: string }; membership: { status: string; member: { displayName: string } } } }>(
    `mutation ($id: ID!) { approveJoinRequest(input: { id: $id }) { joinRequest { status } membership { status member { displayName } } } }`,
    { id: again.data!.requestToJoin.joinRequest.id },
    { token: coordinatorToken },
  );
  expect(approved.data?.approveJoinRequest).toEqual({ joinRequest: { status: 'APPROVED' }, membership: { status: 'ACTIVE', member: { displayName: 'Keen Volunteer' } } });

  const history = await stack.graphql<{ community: { membershipHistory: { nodes: { change: string; member: { displayName: string }; actor: { displayName: string } | null }[] } } }>(
    `query ($id: ID!) { community(id: $id) { membershipHistory(first: 1) { nodes { change member { displayName } actor { displayName } } } } }`,
    { id: community.id },
    { token: coordinatorToken },
  );
  expect(history.data?.community.membershipHistory.nodes[0]).toEqual({ change: 'JOINED', member: { displayName: 'Keen Volunteer' }, actor: { displayName: 'Coordinator' } });
  // The decline before it is in the record too, and the requests list finds both by the person.
  const record = await stack.graphql<{ community: { membershipHistory: { nodes: { change: string; reason: string | null; actor: { displayName: string } | null }[] }; joinRequests: { nodes: { status: string }[] } } }>(
    `query ($id: ID!, $member: ID) { community(id: $id) {
      membershipHistory(first: 2) { nodes { change reason actor { displayName } } }
      joinRequests(status: null, member: $member, orderBy: DECIDED_NEWEST_FIRST) { nodes { status } } } }`,
    { id: community.id, member: requester.id },
    { token: coordinatorToken },
  );
  expect(record.errors).toBeUndefined();
  expect(record.data!.community.membershipHistory.nodes[1]).toEqual({ change: 'JOIN_REQUEST_DECLINED', reason: 'Please apply once you have started your placement.', actor: { displayName: 'Coordinator' } });
  expect(record.data!.community.joinRequests.nodes.map((node) => node.status)).toEqual(['APPROVED', 'DECLINED']);
});

test('a requester can withdraw; a banned member cannot ask again', async () => {
  const community = await factories.community({ joinPolicy: 'APPROVAL' });
  const requester = await factories.member();
  const token = await session(requester.id);
  const request = await stack.graphql<{ requestToJoin: { joinRequest: { id: string } } }>(
    `mutation ($id: ID!) { requestToJoin(input: { communityId: $id, answers: [] }) { joinRequest { id } } }`,
    { id: community.id },
    { token },
  );
  const withdrawn = await stack.graphql<{ withdrawJoinRequest: { joinRequest: { status: string } } }>(
    `mutation ($id: ID!) { withdrawJoinRequest(input: { id: $id }) { joinRequest { status } } }`,
    { id: request.data!.requestToJoin.joinRequest.id },
    { token },
  );
  expect(withdrawn.data?.withdrawJoinRequest.joinRequest.status).toBe('WITHDRAWN');

  const banned = await factories.memberOf(community);
  await factories.ban(community, banned);
  const retry = await stack.graphql(`mutation ($id: ID!) { requestToJoin(input: { communityId: $id, answers: [] }) { joinRequest { id } } }`, { id: community.id }, { token: await session(banned.id) });
  expect(retry.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'BANNED' });
});

test('an invitation email really arrives, and its link makes the invitee a member once', async () => {
  const community = await factories.community({ joinPolicy: 'INVITATION', visibility: 'MEMBERS_ONLY', name: 'Compassionate Communities' });
  const invitee = await factories.member();
  const email = (await factories.domain.read.accounts([invitee.id]))[0]!.email;
  const coordinatorToken = await session(community.coordinator.id);
  const invited = await stack.graphql<{ inviteToCommunity: { invitation: { status: string; email: string } } }>(
    `mutation ($input: InviteToCommunityInput!) { inviteToCommunity(input: $input) { invitation { status email } } }`,
    { input: { communityId: community.id, email: email.toUpperCase(), role: 'MODERATOR' } },
    { token: coordinatorToken },
  );
  expect(invited.data?.inviteToCommunity.invitation.status).toBe('PENDING');
  const mail = await stack.smtp.waitFor((message) => message.to.some((to) => to.toLowerCase() === email.toLowerCase()));
  expect(mail.subject).toBe('You are invited to join Compassionate Communities');
  const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!);

  const preview = await stack.graphql<{ invitation: { status: string; role: string; community: { name: string } } }>(`query ($token: String!) { invitation(token: $token) { status role community { name } } }`, { token });
  expect(preview.data?.invitation).toEqual({ status: 'PENDING', role: 'MODERATOR', community: { name: 'Compassionate Communities' } });

  const stranger = await stack.graphql(`mutation ($token: String!) { acceptInvitation(input: { token: $token }) { membership { role } } }`, { token }, { token: await session((await factories.member()).id) });
  expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INVITATION_EMAIL_MISMATCH' });

  const inviteeToken = await session(invitee.id);
  const accepted = await stack.graphql<{ acceptInvitation: { membership: { role: string } } }>(`mutation ($token: String!) { acceptInvitation(input: { token: $token }) { membership { role } } }`, { token }, { token: inviteeToken });
  expect(accepted.data?.acceptInvitation.membership.role).toBe('MODERATOR');
  const reused = await stack.graphql(`mutation ($token: String!) { acceptInvitation(input: { token: $token }) { membership { role } } }`, { token }, { token: inviteeToken });
  expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });
});

test('an expired invitation cannot be accepted', async () => {
  const community = await factories.community({ joinPolicy: 'INVITATION' });
  const invitee = await factories.member();
  const email = (await factories.domain.read.accounts([invitee.id]))[0]!.email;
  await factories.domain.joining.invite(factories.viewer(community.coordinator), { communityId: community.id, email });
  const mail = await stack.smtp.waitFor((message) => message.to.includes(email));
  const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!);
  // Time passes: the invitation's expiry is moved into the past.
  await (stack.services.membership as RunningMembership).runtime.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [email]);
  const late = await stack.graphql(`mutation ($token: String!) { acceptInvitation(input: { token: $token }) { membership { role } } }`, { token }, { token: await session(invitee.id) });
  expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.token' });
});
