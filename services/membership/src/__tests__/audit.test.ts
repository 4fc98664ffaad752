import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countStatements, rules, startSubgraphTest, viewerMatrix, type Result, type SubgraphTest } from '@praxis/platform/testing';
import { TestClock, type Viewer } from '@praxis/platform';
import type { MemberEntity } from '../entities';
import { Audit, auditChange } from '../membership/audit';
import { membership, newCast, TEST_PASSWORD, type Cast } from '../testing';

/** The audit of privileged reads and exports (docs/adr/0010-audit-of-privileged-reads.md). */
let t: SubgraphTest<typeof membership>;
let people: Cast;
let spoolDir: string;
const clock = new TestClock('2026-11-02T09:00:00Z');
const ADDRESS = '203.0.113.7';

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'praxis-audit-spool-'));
  t = await startSubgraphTest(membership, { clock, env: { AUDIT_TIMEOUT_MS: '150', AUDIT_SPOOL_DIR: spoolDir } });
  people = await newCast(t.factories, { joinPolicy: 'APPROVAL' });
});
afterAll(async () => {
  await t?.stop();
  await rm(spoolDir, { recursive: true, force: true });
});

const from = (member: MemberEntity): Viewer => ({ ...t.factories.viewer(member), clientAddress: ADDRESS });
const db = () => t.running.runtime.db;

interface Row {
  id: string;
  action: string;
  actor_id: string | null;
  community_id: string | null;
  network_id: string | null;
  subject_id: string | null;
  address: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}
const rows = async (): Promise<Row[]> => db().query('SELECT * FROM audit_records ORDER BY occurred_at, recorded_at');

/** Runs `act` and answers the audit records it added. */
async function added(act: () => Promise<{ errors?: unknown }>): Promise<Row[]> {
  clock.advance({ minutes: 1 });
  const before = new Set((await rows()).map((row) => row.id));
  const result = await act();
  expect(result.errors).toBeUndefined();
  return (await rows()).filter((row) => !before.has(row.id));
}

const DIRECTORY = (fields: string) => `query ($id: ID!, $first: Int, $filter: MemberDirectoryFilter) {
  community(id: $id) { members(first: $first, filter: $filter) { nodes { member { id displayName ${fields} } } } } }`;
const JOIN_REQUESTS = (fields: string) => `query ($id: ID!) { community(id: $id) { joinRequests { nodes { id ${fields} } } } }`;
const REPORT = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label } } }`;
const LOG = `query ($id: ID!, $first: Int, $after: String, $filter: AuditLogFilter) {
  network(id: $id) { auditLog(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    nodes { id action actor { displayName isFormerMember } community { id } subject { id } detail occurredAt address requestId } } } }`;

describe('each audited action writes exactly one record', () => {
  test('the directory read with emails, by a coordinator, from their address and with the request id', async () => {
    const made = await added(() => t.run(DIRECTORY('email'), { id: people.community.id }, from(people.coordinator)));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ action: 'DIRECTORY_READ', actor_id: people.coordinator.id, community_id: people.community.id, network_id: people.community.network.id, address: ADDRESS, detail: { fields: ['email'] } });
    expect(made[0]!.request_id).toMatch(/^test-/);
  });

  test('the directory read with participant types by an admin, and filtered by participant type by a coordinator', async () => {
    expect(await added(() => t.run(DIRECTORY('participantType'), { id: people.community.id }, from(people.admin)))).toHaveLength(1);
    const filtered = await added(() => t.run(DIRECTORY(''), { id: people.community.id, filter: { participantType: 'CONSUMER_REPRESENTATIVE' } }, from(people.coordinator)));
    expect(filtered).toMatchObject([{ action: 'DIRECTORY_READ', detail: { fields: [], participantTypeFilter: true } }]);
  });

  test('a directory read that reveals nothing privileged is not audited', async () => {
    expect(await added(() => t.run(DIRECTORY('handle'), { id: people.community.id }, from(people.coordinator)))).toHaveLength(0);
    // A plain member sees no emails and no hidden types, whatever they select.
    expect(await added(() => t.run(DIRECTORY('email participantType'), { id: people.community.id }, from(people.member)))).toHaveLength(0);
  });

  test('join requests read with their answers, and not without', async () => {
    const applicant = await t.factories.member();
    await t.factories.domain.joining.requestToJoin(t.factories.viewer(applicant), { communityId: people.community.id, answers: [] });
    expect(await added(() => t.run(JOIN_REQUESTS('answers { answer }'), { id: people.community.id }, from(people.coordinator)))).toMatchObject([
      { action: 'JOIN_ANSWERS_READ', community_id: people.community.id, actor_id: people.coordinator.id },
    ]);
    expect(await added(() => t.run(JOIN_REQUESTS('createdAt'), { id: people.community.id }, from(people.coordinator)))).toHaveLength(0);
  });

  test("the coordinators' other lists of people read with emails are directory reads, so the directory cannot be read around its audit", async () => {
    const ENGAGEMENT = `query ($id: ID!) { community(id: $id) { memberEngagement { nodes { member { email } } } } }`;
    const HISTORY = `query ($id: ID!) { community(id: $id) { membershipHistory { nodes { member { participantType } } } } }`;
    expect(await added(() => t.run(ENGAGEMENT, { id: people.community.id }, from(people.coordinator)))).toMatchObject([{ action: 'DIRECTORY_READ', detail: { list: 'memberEngagement', fields: ['email'] } }]);
    expect(await added(() => t.run(HISTORY, { id: people.community.id }, from(people.admin)))).toMatchObject([{ action: 'DIRECTORY_READ', detail: { list: 'membershipHistory', fields: ['participantType'] } }]);
    expect(await added(() => t.run(JOIN_REQUESTS('member { email }'), { id: people.community.id }, from(people.coordinator)))).toMatchObject([{ action: 'DIRECTORY_READ', detail: { list: 'joinRequests' } }]);
    // Answers and emails in one read are one record.
    expect(await added(() => t.run(JOIN_REQUESTS('answers { answer } member { email }'), { id: people.community.id }, from(people.coordinator)))).toMatchObject([{ action: 'JOIN_ANSWERS_READ', detail: { fields: ['email'] } }]);
    expect(await added(() => t.run(`query ($id: ID!) { community(id: $id) { memberEngagement { nodes { member { displayName } } } } }`, { id: people.community.id }, from(people.coordinator)))).toHaveLength(0);
  });

  test('a participation report, for a community and for the network', async () => {
    const range = { from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' };
    expect(await added(() => t.run(REPORT, { input: { communityId: people.community.id, ...range } }, from(people.coordinator)))).toMatchObject([
      { action: 'REPORT_READ', community_id: people.community.id, detail: { scope: 'COMMUNITY', from: '2026-01-01', to: '2026-04-01', via: 'session' } },
    ]);
    expect(await added(() => t.run(REPORT, { input: { networkId: people.community.network.id, ...range } }, from(people.analyst)))).toMatchObject([
      { action: 'REPORT_READ', community_id: null, network_id: people.community.network.id },
    ]);
  });

  test('a refused report leaves no record', async () => {
    clock.advance({ minutes: 1 });
    const before = (await rows()).length;
    const result = await t.run(REPORT, { input: { communityId: people.community.id, from: '2026-01-01', to: '2026-04-01', granularity: 'MONTH' } }, from(people.member));
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rows()).toHaveLength(before);
  });

  test('a data export, which itself lists what the audit holds of the member as actor', async () => {
    expect(await added(() => t.run('{ me { dataExport } }', {}, from(people.member)))).toMatchObject([{ action: 'DATA_EXPORT', actor_id: people.member.id, subject_id: people.member.id, network_id: null }]);
    const again = await t.run<{ me: { dataExport: { auditRecords: { action: string; address: string }[] } } }>('{ me { dataExport } }', {}, from(people.member));
    expect(again.data!.me.dataExport.auditRecords[0]).toMatchObject({ action: 'DATA_EXPORT', address: ADDRESS });
  });

  test('a community role change, a network role grant and revocation; a grant that changes nothing is not one', async () => {
    const changed = await added(() =>
      t.run('mutation ($c: ID!, $m: ID!) { changeMemberRole(input: { communityId: $c, memberId: $m, role: MODERATOR }) { membership { role } } }', { c: people.community.id, m: people.member.id }, from(people.coordinator)),
    );
    expect(changed).toMatchObject([{ action: 'ROLE_CHANGED', subject_id: people.member.id, community_id: people.community.id, detail: { from: 'MEMBER', to: 'MODERATOR' }, address: ADDRESS }]);
    const GRANT = 'mutation ($n: ID!, $m: ID!) { grantNetworkRole(input: { networkId: $n, memberId: $m, role: ANALYST }) { roles } }';
    const REVOKE = 'mutation ($n: ID!, $m: ID!) { revokeNetworkRole(input: { networkId: $n, memberId: $m, role: ANALYST }) { roles } }';
    const ids = { n: people.community.network.id, m: people.member.id };
    expect(await added(() => t.run(GRANT, ids, from(people.admin)))).toMatchObject([{ action: 'ROLE_CHANGED', detail: { granted: 'ANALYST' }, network_id: ids.n, community_id: null }]);
    expect(await added(() => t.run(GRANT, ids, from(people.admin)))).toHaveLength(0);
    expect(await added(() => t.run(REVOKE, ids, from(people.admin)))).toMatchObject([{ action: 'ROLE_CHANGED', detail: { revoked: 'ANALYST' } }]);
    await t.factories.domain.roster.changeRole(t.factories.viewer(people.coordinator), { communityId: people.community.id, memberId: people.member.id, role: 'MEMBER' });
  });

  test('an API token created, with no secret in the record', async () => {
    const made = await added(() => t.run('mutation { createApiToken(input: { name: "Quarterly", scopes: [READ, REPORTS] }) { token apiToken { id } } }', {}, from(people.analyst)));
    expect(made).toMatchObject([{ action: 'API_TOKEN_CREATED', actor_id: people.analyst.id, detail: { scopes: ['read', 'reports'] } }]);
    expect(JSON.stringify(made[0]!.detail)).not.toContain('prx_');
  });

  test('a second-factor reset through the API for changes: one record, committed or rolled back with the change', async () => {
    const entry = { actorId: people.admin.id, action: 'SECOND_FACTOR_RESET', networkId: people.community.network.id, subjectId: people.member.id, requestId: 'req-1', address: ADDRESS } as const;
    const failed = new Error('the reset failed');
    const before = (await rows()).length;
    await expect(t.running.runtime.transaction(async (manager) => {
      await auditChange(manager, entry);
      throw failed;
    })).rejects.toBe(failed);
    expect(await rows()).toHaveLength(before);
    const made = await added(async () => {
      await t.running.runtime.transaction((manager) => t.running.domain.audit.record(manager, entry));
      return {};
    });
    expect(made).toMatchObject([{ action: 'SECOND_FACTOR_RESET', subject_id: people.member.id, request_id: 'req-1', address: ADDRESS }]);
  });

  test("an admin's reset of a member's second factor", async () => {
    const made = await added(() => t.run('mutation ($m: ID!) { resetSecondFactor(input: { memberId: $m }) { ok } }', { m: people.moderator.id }, from(people.admin)));
    expect(made).toMatchObject([{ action: 'SECOND_FACTOR_RESET', actor_id: people.admin.id, subject_id: people.moderator.id, network_id: people.community.network.id, address: ADDRESS }]);
    expect(made[0]!.request_id).toMatch(/^test-/);
  });

  test('each record is published on the event log, ids only', async () => {
    await t.running.runtime.drainEvents();
    const published = await t.running.runtime.eventlog.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM eventlog.events WHERE type = 'membership.AuditRecorded'`);
    const ids = new Set(published.rows.map((row) => row.payload.auditId));
    for (const row of await rows()) expect(ids.has(row.id)).toBe(true);
    expect(published.rows).toHaveLength(ids.size);
    expect(JSON.stringify(published.rows)).not.toContain(ADDRESS);
  });
});

type LogPage = { network: { auditLog: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; occurredAt: string }[] } } };

describe('Network.auditLog', () => {
  viewerMatrix(rules.admins, (kind) => t.run(LOG, { id: people.community.network.id, first: 5 }, people[kind]));

  test('newest first, keyset-paged without gaps or overlaps, and filtered', async () => {
    const seen: { id: string; occurredAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Result<LogPage> = await t.run<LogPage>(LOG, { id: people.community.network.id, first: 3, after }, people.admin);
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.network.auditLog.nodes);
      if (!result.data!.network.auditLog.pageInfo.hasNextPage) break;
      after = result.data!.network.auditLog.pageInfo.endCursor;
    }
    expect(new Set(seen.map((node) => node.id)).size).toBe(seen.length);
    const times = seen.map((node) => new Date(node.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // The network's own records, and the unscoped ones (a token, an export) of its people.
    const mine = (await rows()).filter((row) => row.network_id === people.community.network.id || row.network_id === null);
    expect(seen).toHaveLength(mine.length);

    const filtered = await t.run<{ network: { auditLog: { nodes: { action: string; actor: { displayName: string }; address: string; requestId: string }[] } } }>(
      LOG,
      { id: people.community.network.id, first: 50, filter: { action: 'DIRECTORY_READ', actorId: people.coordinator.id, communityId: people.community.id, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' } },
      people.admin,
    );
    expect(filtered.data!.network.auditLog.nodes.length).toBeGreaterThan(0);
    expect(filtered.data!.network.auditLog.nodes.every((node) => node.action === 'DIRECTORY_READ' && node.actor.displayName === people.coordinator.displayName && node.address === ADDRESS)).toBe(true);
    const empty = await t.run<{ network: { auditLog: { nodes: unknown[] } } }>(LOG, { id: people.community.network.id, filter: { to: '2026-11-01T00:00:00Z' } }, people.admin);
    expect(empty.data!.network.auditLog.nodes).toHaveLength(0);
  });

  test('a page of 50 entries costs the statements of a page of 12: actors, communities and subjects are batched', async () => {
    const counters = { membership: t.running.runtime.queries };
    const small = await countStatements(counters, () => t.run(LOG, { id: people.community.network.id, first: 12 }, people.admin));
    const large = await countStatements(counters, () => t.run(LOG, { id: people.community.network.id, first: 50 }, people.admin));
    expect((large.result.data as LogPage).network.auditLog.nodes.length).toBeGreaterThan(10);
    expect(large.total).toBe(small.total);
  });

  test('a malformed actor id is BAD_USER_INPUT on its field', async () => {
    const result = await t.run(LOG, { id: people.community.network.id, filter: { actorId: 'nope' } }, people.admin);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.actorId' });
  });
});

describe('durability', () => {
  test('a slow audit insert does not hold the read up: the record is spooled to disk, then drained once', async () => {
    const runner = db().createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const before = (await rows()).length;
    try {
      await runner.query('LOCK TABLE audit_records IN ACCESS EXCLUSIVE MODE');
      // The read answers while the table is still locked, so it did not wait for the insert.
      const result = await t.run(DIRECTORY('email'), { id: people.community.id }, from(people.coordinator));
      expect(result.errors).toBeUndefined();
      expect((await readdir(spoolDir)).filter((name) => name.endsWith('.json'))).toHaveLength(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await t.running.domain.audit.drainSpool();
    expect(await t.running.domain.audit.drainSpool()).toBe(0);
    const after = await rows();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ action: 'DIRECTORY_READ', actor_id: people.coordinator.id, address: ADDRESS });
    expect(await readdir(spoolDir)).toHaveLength(0);
  });

  test('a spooled record the database also took is kept once and published once', async () => {
    const audit = new Audit(t.running.runtime, { timeoutMs: 1000, spoolDir });
    const id = await audit.record(null, { actorId: people.admin.id, action: 'REPORT_READ', networkId: people.community.network.id });
    const [row] = (await db().query('SELECT * FROM audit_records WHERE id = $1', [id])) as Row[];
    await writeFile(join(spoolDir, `${id}.json`), JSON.stringify({ id, occurredAt: clock.now().toISOString(), actorId: row!.actor_id, action: row!.action, networkId: row!.network_id, communityId: null, subjectId: null, detail: {}, address: null, requestId: null }));
    expect(await audit.drainSpool()).toBe(1);
    expect(await db().query('SELECT 1 FROM audit_records WHERE id = $1', [id])).toHaveLength(1);
    expect(await db().query(`SELECT 1 FROM outbox WHERE payload->>'auditId' = $1`, [id])).toHaveLength(1);
  });

  test('a spooled record the table refuses stays on disk and does not hold the others back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'praxis-audit-refused-'));
    const audit = new Audit(t.running.runtime, { timeoutMs: 1000, spoolDir: dir });
    const record = (id: string, action: string) => JSON.stringify({ id, occurredAt: clock.now().toISOString(), actorId: people.admin.id, action, networkId: people.community.network.id, communityId: null, subjectId: null, detail: {}, address: null, requestId: null });
    const good = '00000000-0000-4000-8000-00000000000b';
    await writeFile(join(dir, '00000000-0000-4000-8000-00000000000a.json'), record('00000000-0000-4000-8000-00000000000a', 'NOT_AN_ACTION'));
    await writeFile(join(dir, `${good}.json`), record(good, 'REPORT_READ'));
    await expect(audit.drainSpool()).rejects.toThrow();
    expect(await db().query('SELECT 1 FROM audit_records WHERE id = $1', [good])).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['00000000-0000-4000-8000-00000000000a.json']);
    await rm(dir, { recursive: true, force: true });
  });

  test('when the record can be neither inserted nor spooled, the read fails rather than go unrecorded', async () => {
    const blocked = join(spoolDir, 'not-a-folder');
    await writeFile(blocked, '');
    const audit = new Audit(t.running.runtime, { timeoutMs: 50, spoolDir: blocked });
    const runner = db().createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('LOCK TABLE audit_records IN ACCESS EXCLUSIVE MODE');
      await expect(audit.record(null, { actorId: people.admin.id, action: 'DATA_EXPORT' })).rejects.toThrow();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await rm(blocked);
    }
  });

  test('records are append-only in the database', async () => {
    const [row] = await rows();
    await expect(db().query('DELETE FROM audit_records WHERE id = $1', [row!.id])).rejects.toThrow(/append-only/);
    await expect(db().query(`UPDATE audit_records SET action = 'DATA_EXPORT' WHERE id = $1`, [row!.id])).rejects.toThrow(/append-only/);
  });

  test('an audited read costs a constant number of statements more, whatever the page size', async () => {
    const counters = { membership: t.running.runtime.queries };
    const read = (fields: string, first: number) => countStatements(counters, () => t.run(DIRECTORY(fields), { id: people.community.id, first }, from(people.coordinator)));
    const plainSmall = await read('handle', 1);
    const plainLarge = await read('handle', 50);
    const auditedSmall = await read('email', 1);
    const auditedLarge = await read('email', 50);
    expect(auditedLarge.total - plainLarge.total).toBe(auditedSmall.total - plainSmall.total);
    expect(auditedLarge.total).toBe(auditedSmall.total);
  });
});

describe('erasure', () => {
  test('the record stays, its actor becomes "Former member", and their address is blanked', async () => {
    const leaver = await t.factories.memberOf(people.community, 'COORDINATOR');
    const made = await added(() => t.run(DIRECTORY('email'), { id: people.community.id }, from(leaver)));
    expect(made).toHaveLength(1);
    const deleted = await t.run('mutation ($p: String!) { deleteAccount(input: { password: $p }) { ok } }', { p: TEST_PASSWORD }, leaver);
    expect(deleted.errors).toBeUndefined();
    const [row] = (await db().query('SELECT * FROM audit_records WHERE id = $1', [made[0]!.id])) as Row[];
    expect(row).toMatchObject({ actor_id: leaver.id, address: null, action: 'DIRECTORY_READ' });
    const log = await t.run<{ network: { auditLog: { nodes: { id: string; actor: { displayName: string; isFormerMember: boolean }; address: string | null }[] } } }>(
      LOG,
      { id: people.community.network.id, first: 100, filter: { actorId: leaver.id } },
      people.admin,
    );
    expect(log.data!.network.auditLog.nodes).toEqual([expect.objectContaining({ id: made[0]!.id, actor: { displayName: 'Former member', isFormerMember: true }, address: null })]);
  });
});
