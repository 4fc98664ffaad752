/**
 * `npm run bench:calendar`: times a month's calendar query (issue 6) over
 * the seeded data (run `npm run seed -- --scale` first), in-process against the events
 * subgraph with live permission checks against membership, as a network admin (who may read
 * every scale community) and as an anonymous visitor. Prints warm p50 and p95.
 */
import { memberViewer, ANONYMOUS, type Viewer } from '@praxis/platform';
import { bootDatabase, startServices, stackLogger } from '../lib/stack';

const QUERY = `query ($from: DateTime!, $to: DateTime!, $after: String) {
  eventCalendar(from: $from, to: $to, first: 100, after: $after) {
    nodes { id title kind startsAt registeredCount placesLeft attendedCount viewerRegistration { status } community { id } }
    pageInfo { hasNextPage endCursor }
  } }`;

interface Executable {
  server: { execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<{ data?: unknown; errors?: readonly unknown[] }> };
}

async function month(events: Executable, viewer: Viewer, from: Date, to: Date): Promise<number> {
  let after: string | null = null;
  let count = 0;
  do {
    const result = await events.server.execute(QUERY, { from: from.toISOString(), to: to.toISOString(), after }, viewer);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const page = (result.data as { eventCalendar: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).eventCalendar;
    count += page.nodes.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return count;
}

async function main(): Promise<void> {
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral', workers: false });
  try {
    const membership = services.running.find((service) => service.name === 'membership')!;
    const events = services.running.find((service) => service.name === 'events') as unknown as Executable & { runtime: { db: { query(sql: string): Promise<{ count: number }[]> } } };
    const [admin] = (await membership.runtime.db.query(`SELECT id FROM members WHERE handle = 'admin'`)) as { id: string }[];
    const [totals] = await events.runtime.db.query(`SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM event_registrations) AS registrations`);
    const from = new Date();
    const to = new Date(from.getTime() + 30 * 86_400_000);
    for (const [label, viewer] of [['network admin', memberViewer(admin!.id)], ['anonymous', ANONYMOUS]] as const) {
      let rows = 0;
      for (let i = 0; i < 3; i += 1) rows = await month(events, viewer, from, to);
      const times: number[] = [];
      for (let i = 0; i < 25; i += 1) {
        const started = performance.now();
        await month(events, viewer, from, to);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      process.stdout.write(`${label}: a month's calendar (${rows} events, over ${JSON.stringify(totals)}) p50 ${at(0.5)} ms, p95 ${at(0.95)} ms\n`);
    }
  } finally {
    await services.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
