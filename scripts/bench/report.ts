/**
 * `npm run bench:report`: the time of a 12-month monthly participation report for the scale
 * community (seed it first with `npm run seed -- --scale`), through the gateway, warm, as an
 * analyst. Prints the median and p95 of the runs and the statements each subgraph sent.
 */
import { REPORT_QUERY } from '../lib/report/query';
import { gatewayClient, percentile, timeRuns } from '../lib/bench';
import { bootDatabase, startGateway, startServices, stackLogger } from '../lib/stack';

const RUNS = 30;

async function main(): Promise<void> {
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral' });
  const { gateway, url } = await startGateway(services, { GATEWAY_PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_MEMBER_PER_MINUTE: '1000000', LIMIT_MAX_COST: '1000000' });
  const { post, signIn } = gatewayClient(`${url}/graphql`);
  try {
    process.stdout.write('Letting every projection catch up with the event log…\n');
    for (const service of services.running) await service.runtime.drainEvents();
    const token = await signIn('analyst@example.org');
    const found = await post<{ community: { id: string; memberCount: number } | null }>(`{ community(networkSlug: "scale-network", slug: "scale-community") { id memberCount } }`, {}, token);
    const community = found.community;
    if (!community) throw new Error('No scale community: run `npm run seed -- --scale` first.');
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    const input = { communityId: community.id, from: from.toISOString().slice(0, 10), to: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1)).toISOString().slice(0, 10), granularity: 'MONTH' };
    const counters = Object.fromEntries(services.running.map((service) => [service.name, service.runtime.queries]));
    await timeRuns(3, () => post(REPORT_QUERY, { input }, token));
    const before = Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.statements]));
    const timings = await timeRuns(RUNS, () => post(REPORT_QUERY, { input }, token));
    const perRun = Object.entries(counters).map(([name, counter]) => `${name} ${Math.round((counter.statements - before[name]!) / RUNS)}`).join(', ');
    process.stdout.write(
      `12 monthly buckets, scale community (${community.memberCount} members): median ${percentile(timings, 0.5).toFixed(0)} ms, ` +
        `p95 ${percentile(timings, 0.95).toFixed(0)} ms over ${RUNS} warm runs; statements per report: ${perRun}\n`,
    );
    // Where the time goes: each subgraph's part of the report on its own, so a slow one shows.
    const COUNT = 'total byParticipantType { key value suppressed } byProfession { key value suppressed } byRegion { key value suppressed }';
    const parts: Record<string, string> = {
      'membership: members and join requests': `members { total { ${COUNT} } joined { ${COUNT} } left { ${COUNT} } } joinRequests { received { ${COUNT} } medianHoursToDecision }`,
      'membership: active members': `activeMembers { ${COUNT} }`,
      discussion: `discussion { threads { ${COUNT} } replies { ${COUNT} } reactions { ${COUNT} } }`,
      resources: `resources { contributed { ${COUNT} } views downloads helpfulMarks { ${COUNT} } }`,
      events: `events { eventsHeld { ${COUNT} } registrations { ${COUNT} } attendance { ${COUNT} } attendanceRate cpdHours { ${COUNT} } }`,
    };
    for (const [name, fields] of Object.entries(parts)) {
      const query = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label ${fields} } } }`;
      const times = await timeRuns(5, () => post(query, { input }, token), 1);
      process.stdout.write(`  ${name}: median ${percentile(times, 0.5).toFixed(0)} ms\n`);
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
