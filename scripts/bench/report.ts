/**
 * `npm run bench:report`: the time of a 12-month monthly participation report for the scale
 * community (seed it first with `npm run seed -- --scale`), through the gateway, warm, as an
 * analyst. Prints the median and p95 of the runs and the statements each subgraph sent.
 */
import { request } from 'undici';
import { DEMO_PASSWORD } from '@praxis/membership';
import { REPORT_QUERY } from '../lib/report/query';
import { bootDatabase, startGateway, startServices, stackLogger } from '../lib/stack';

const RUNS = 30;

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data!;
}

async function main(): Promise<void> {
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral' });
  const { gateway, url } = await startGateway(services, { GATEWAY_PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_MEMBER_PER_MINUTE: '1000000', LIMIT_MAX_COST: '1000000' });
  const graphql = `${url}/graphql`;
  try {
    process.stdout.write('Letting every projection catch up with the event log…\n');
    for (const service of services.running) await service.runtime.drainEvents();
    const signIn = await post(graphql, `mutation { signIn(input: { email: "analyst@example.org", password: "${DEMO_PASSWORD}" }) { accessToken } }`, {});
    const token = (signIn.signIn as { accessToken: string }).accessToken;
    const found = await post(graphql, `{ community(networkSlug: "scale-network", slug: "scale-community") { id memberCount } }`, {}, token);
    const community = found.community as { id: string; memberCount: number } | null;
    if (!community) throw new Error('No scale community: run `npm run seed -- --scale` first.');
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    const input = { communityId: community.id, from: from.toISOString().slice(0, 10), to: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1)).toISOString().slice(0, 10), granularity: 'MONTH' };
    const counters = Object.fromEntries(services.running.map((service) => [service.name, service.runtime.queries]));
    for (let warm = 0; warm < 3; warm += 1) await post(graphql, REPORT_QUERY, { input }, token);
    const timings: number[] = [];
    const before = Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.statements]));
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      await post(graphql, REPORT_QUERY, { input }, token);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const perRun = Object.entries(counters).map(([name, counter]) => `${name} ${Math.round((counter.statements - before[name]!) / RUNS)}`).join(', ');
    process.stdout.write(
      `12 monthly buckets, scale community (${community.memberCount} members): median ${timings[Math.floor(RUNS / 2)]!.toFixed(0)} ms, ` +
        `p95 ${timings[Math.floor(RUNS * 0.95)]!.toFixed(0)} ms over ${RUNS} warm runs; statements per report: ${perRun}\n`,
    );
    // Where the time goes: each subgraph's part of the report on its own, so a slow one shows.
    const COUNT = 'total byParticipantType { key value suppressed } byProfession { key value suppressed } byRegion { key value suppressed }';
    const parts: Record<string, string> = {
      'membership: members and join requests': `members { total { ${COUNT} } joined { ${COUNT} } left { ${COUNT} } } joinRequests { received { ${COUNT} } medianHoursToDecision }`,
      'membership: active members': `activeMembers { ${COUNT} }`,
      discussion: `discussion { threads { ${COUNT} } replies { ${COUNT} } reactions { ${COUNT} } }`,
      resources: `resources { contributed { ${COUNT} } views downloads helpfulMarks { ${COUNT} } }`,
      events: `events { held registrations { ${COUNT} } attendance { ${COUNT} } attendanceRate cpdHours { ${COUNT} } }`,
    };
    for (const [name, fields] of Object.entries(parts)) {
      const query = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label ${fields} } } }`;
      const times: number[] = [];
      for (let run = 0; run < 6; run += 1) {
        const started = performance.now();
        await post(graphql, query, { input }, token);
        if (run > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(`  ${name}: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms\n`);
    }
  } finally {
    await gateway.close();
    await services.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
