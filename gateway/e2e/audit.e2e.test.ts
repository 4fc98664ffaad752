import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { runReport } from '../../scripts/lib/report/run';
import { signIn, startStack, type Stack } from './harness';

// The audit of privileged reads through the gateway, as a network admin meets it: a coordinator
// reads the directory with emails, an analyst exports a report with the script, and each leaves
// exactly one record, with the gateway's request id and the client's address.
let stack: Stack;
let people: MembershipFactories;
let out: string;
let community: Awaited<ReturnType<MembershipFactories['community']>>;
let analyst: Awaited<ReturnType<MembershipFactories['member']>>;

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

interface LogEntry {
  action: string;
  actor: { id: string; displayName: string } | null;
  community: { id: string } | null;
  occurredAt: string;
  address: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

async function auditLog(action: string): Promise<LogEntry[]> {
  const response = await stack.graphql<{ network: { auditLog: { nodes: LogEntry[] } } }>(
    `query ($id: ID!, $filter: AuditLogFilter) { network(id: $id) { auditLog(first: 50, filter: $filter) {
      nodes { action actor { id displayName } community { id } occurredAt address requestId detail } } } }`,
    { id: community.network.id, filter: { action } },
    { token: await tokenFor(community.network.admin) },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.network.auditLog.nodes;
}

beforeAll(async () => {
  stack = await startStack();
  out = await mkdtemp(join(tmpdir(), 'praxis-audit-'));
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  community = await people.community({ name: 'Palliative Pathways' });
  for (let i = 0; i < 3; i += 1) await people.memberOf(community);
  analyst = await people.member({ displayName: 'Ana Lyst' });
  await people.domain.networks.grantRole(people.viewer(community.network.admin), { networkId: community.network.id, memberId: analyst.id, role: 'ANALYST' });
});
afterAll(async () => {
  await stack?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

test('reading the directory with emails leaves exactly one record, visible to the network admin', async () => {
  const read = await stack.graphql<{ community: { members: { nodes: { member: { email: string | null } }[] } } }>(
    `query ($id: ID!) { community(id: $id) { members(first: 10) { nodes { member { displayName email } } } } }`,
    { id: community.id },
    { token: await tokenFor(community.coordinator) },
  );
  expect(read.errors).toBeUndefined();
  expect(read.data!.community.members.nodes.every((node) => node.member.email?.includes('@'))).toBe(true);

  const entries = await auditLog('DIRECTORY_READ');
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actor: { id: community.coordinator.id }, community: { id: community.id }, requestId: read.headers['x-request-id'], detail: { fields: ['email'] } });
  expect(entries[0]!.address).toMatch(/127\.0\.0\.1|::1/);
});

test('exporting a report with the script leaves exactly one record, visible to the network admin', async () => {
  const created = await stack.graphql<{ createApiToken: { token: string } }>(`mutation { createApiToken(input: { name: "reports", scopes: [READ, REPORTS] }) { token } }`, {}, { token: await tokenFor(analyst) });
  expect(created.errors).toBeUndefined();
  await runReport({
    gatewayUrl: `${stack.gatewayUrl}/graphql`,
    token: created.data!.createApiToken.token,
    community: `${community.network.slug}/${community.slug}`,
    from: '2026-01-01',
    to: '2026-04-01',
    by: 'month',
    format: 'csv',
    out: join(out, 'report.csv'),
  });

  const entries = await auditLog('REPORT_READ');
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actor: { id: analyst.id, displayName: 'Ana Lyst' }, community: { id: community.id }, detail: { scope: 'COMMUNITY', via: 'api_token' } });
  expect(entries[0]!.requestId).toBeTruthy();
  expect(await auditLog('API_TOKEN_CREATED')).toMatchObject([{ actor: { id: analyst.id } }]);
});
