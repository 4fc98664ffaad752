/**
 * The real stack for the browser tests, run as its own process (`node --import tsx`, which
 * compiles the services' decorators): a fresh test PostgreSQL, every subgraph and the gateway
 * serving the built app from admin/dist, and factory-made data. It writes what the tests need
 * (URLs, sign-ins, ids) to the JSON file named on the command line, and stops everything on
 * SIGTERM. Started by global-setup.ts.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SeedContext } from '@praxis/platform';
import { acquireTestPostgres } from '@praxis/postgres';
import { APP_DIR, type E2eState } from './state';

const stateFile = process.argv[2];
if (!stateFile) throw new Error('usage: stack.ts <state.json>');

const started = Date.now();
const pg = await acquireTestPostgres({ url: process.env.TEST_DATABASE_URL });
// The platform's test kit reads these once, when it is first imported.
process.env.PRAXIS_TEST_ADMIN_URL = pg.adminUrl;
process.env.JEST_WORKER_ID = 'admin_e2e';

const { createLogger, loadServiceModules, SeedingClock } = await import('@praxis/platform');
const { buildTemplate } = await import('@praxis/platform/testing');
await buildTemplate(pg.adminUrl, loadServiceModules());
const { startStack } = await import('../../gateway/e2e/harness');
// Every service shares one seeding clock, as under `npm start`, so notifications knows what a seed
// wrote and tells nobody about it (docs/adr/0011-notifications.md).
const clock = new SeedingClock();
// The hourly link check (minute 17) would re-check the library's example links mid-run and change
// what the library test asserts; the browser tests check links on purpose, through the app.
const stack = await startStack({ clock, gatewayEnv: { ADMIN_APP_DIR: APP_DIR }, serviceEnv: { RESOURCES_LINK_CHECK_CRON: '0 3 1 1 *' } });

const { MembershipFactories, TEST_PASSWORD } = await import('@praxis/membership/testing');
type RunningMembership = ConstructorParameters<typeof MembershipFactories>[0];
const factories = new MembershipFactories(stack.services.membership as unknown as RunningMembership);

const coordinator = await factories.member({ displayName: 'Casey Coordinator', email: 'coordinator@admin-e2e.example.org' });
const admin = await factories.member({ displayName: 'Nadia Network-Admin', email: 'network-admin@admin-e2e.example.org' });
const network = await factories.network({ admin, timeZone: 'Australia/Perth' });
const community = await factories.community({
  network,
  coordinator,
  name: 'Palliative Care Practice',
  visibility: 'PUBLIC',
  joinPolicy: 'APPROVAL',
  questions: [{ prompt: 'What is your role in palliative care?', required: true }],
});
for (const displayName of ['Alex Allied-Health', 'Bree Bedside', 'Cam Carer-Rep']) await factories.memberOf(community, 'MEMBER', { displayName });
await factories.memberOf(community, 'MODERATOR', { displayName: 'Morgan Moderator', email: 'moderator@admin-e2e.example.org' });
const plain = await factories.memberOf(community, 'MEMBER', { displayName: 'Pat Plain-Member', email: 'plain@admin-e2e.example.org' });

// The demo networks `npm start` seeds, for tests over the data people first see. Today's data only:
// the 18 months of history would more than double the stack's start. Without history nothing
// stands the clock in the past, so the seed's start is marked here, as history would mark it.
const demoStarted = Date.now();
const seedContext: SeedContext = {
  manifest: { networks: {}, communities: {}, members: {}, communityMembers: {} },
  logger: createLogger({ service: 'seed', level: 'warn' }),
  progress: { start() {}, increment() {}, stop() {} },
  randomSeed: 20260522,
  clock,
  history: false,
};
clock.at(new Date());
clock.release();
for (const module of loadServiceModules()) await module.seed?.demo(stack.services[module.name]!, seedContext);
for (const running of Object.values(stack.services)) await running.runtime.drainEvents();
process.stdout.write(`demo data seeded in ${Date.now() - demoStarted} ms\n`);

// The emails the services send, for tests that follow a verification link as a person would.
const mailbox = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(stack.smtp.messages));
});
await new Promise<void>((done) => mailbox.listen(0, '127.0.0.1', done));

const state: E2eState = {
  gatewayUrl: stack.gatewayUrl,
  appUrl: `${stack.gatewayUrl}/admin/`,
  mailUrl: `http://127.0.0.1:${(mailbox.address() as AddressInfo).port}/`,
  password: TEST_PASSWORD,
  coordinator: { email: 'coordinator@admin-e2e.example.org', id: coordinator.id },
  plainMember: { email: 'plain@admin-e2e.example.org', id: plain.id },
  community: { id: community.id, name: community.name },
  network: { id: network.id, timeZone: 'Australia/Perth' },
  demo: { coordinatorEmail: 'coordinator@example.org', password: 'praxis-demo-password' },
};
await writeFile(stateFile, JSON.stringify(state, null, 2));
process.stdout.write(`admin e2e stack ready in ${Date.now() - started} ms at ${state.appUrl}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  mailbox.close();
  await stack.stop();
  await pg.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
