/**
 * `npm run bench:gateways`: the Praxis gateway and Hive Gateway (pinned, installed on demand into
 * .praxis/bench/hive) side by side over the same subgraphs, each its own process in production
 * mode, with the demo data. Rounds alternate between the targets; only ratios within one run
 * count, because the machine is shared. Figures, not tests.
 *
 *   npm run bench:gateways [-- --quick] [--rounds 3 --seconds 10 --connections 16]
 *   npm run bench:gateways -- --profile [--seconds 20]   CPU profiles and calls per request, Praxis only
 *   npm run bench:gateways -- --only one-subgraph [--no-hive] [--targets praxis-no-dedupe,direct]   only those scenarios (names containing it) and targets
 *   npm run bench:gateways -- --compare-gateway ../other-worktree   adds that checkout's gateway (no dedupe) as a target
 *   npm run bench:gateways -- --profile --scenario one-subgraph [--no-dedupe] [--signed-in]   profile the one-subgraph card
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { InternalAuth, memberViewer, VIEWER_HEADER } from '@praxis/platform';
import { gatewayClient } from '../lib/bench';
import { ensureHiveGateway, HIVE_GATEWAY_VERSION, startHiveGateway, type HiveGateway } from '../lib/bench-gateways/hive';
import { profilesByPid, selfTimeByPackage, selfTimes } from '../lib/bench-gateways/profile';
import { alternate, load, summarise, type Summary } from '../lib/bench-gateways/rounds';
import { COMMUNITY_CARD, COMMUNITY_LIST, COMMUNITY_PAGE, SIZED_COMMUNITY_PAGE, type Scenario, type Target } from '../lib/bench-gateways/scenarios';
import { BENCH_DIR, startBenchStack, type BenchStack } from '../lib/bench-gateways/stack';

const flag = (name: string) => process.argv.includes(`--${name}`);
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const text = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const log = (line: string) => process.stdout.write(`${line}\n`);
const SIGNED_IN_AS = 'coordinator@example.org';

interface Fixtures {
  page: { network: string; slug: string };
  publicCommunities: { network: string; slug: string }[];
  token: string;
  /** A viewer statement signed as the gateway signs it, for Hive Gateway to pass on. */
  viewerStatement: string;
}

async function fixtures(stack: BenchStack): Promise<Fixtures> {
  const { post, signIn } = gatewayClient(`${stack.praxis.url}/graphql`);
  const list = await post<{ networks: { nodes: { slug: string; communities: { nodes: { slug: string; visibility: string }[] } }[] } }>(COMMUNITY_LIST);
  const publicCommunities = list.networks.nodes.flatMap((network) =>
    network.communities.nodes.filter((community) => community.visibility === 'PUBLIC').map((community) => ({ network: network.slug, slug: community.slug })),
  );
  const page = publicCommunities.find((community) => community.network === 'hpco' && community.slug === 'hcc-acp') ?? publicCommunities[0]!;
  const token = await signIn(SIGNED_IN_AS);
  const claims = decodeJwt(token);
  const viewer = { ...memberViewer(String(claims.sub)), sessionId: String(claims.sid), clientAddress: '127.0.0.1' };
  // Long-lived so it outlasts every round; the gateway's own statements live a minute.
  const viewerStatement = await new InternalAuth(stack.secrets.internalSecret, 3600).signViewer(viewer, 'bench-gateways');
  return { page, publicCommunities, token, viewerStatement };
}

function scenarios(stack: BenchStack, hive: HiveGateway | undefined, hiveNoDedupe: HiveGateway | undefined, data: Fixtures): Scenario[] {
  // CPU per request counts the gateway and membership, the subgraph of the one-subgraph card.
  const membership = stack.subgraphs.membership!.child.pid!;
  const pids = (gateway: { child: { pid?: number } }) => [gateway.child.pid!, membership];
  const praxis = (headers: Record<string, string> = {}): Target[] => [
    { name: 'praxis', url: `${stack.praxis.url}/graphql`, headers, pids: pids(stack.praxis) },
    { name: 'praxis-no-dedupe', url: `${stack.praxisNoDedupe.url}/graphql`, headers, pids: pids(stack.praxisNoDedupe) },
    ...(stack.compared ? [{ name: 'compared-no-dedupe', url: `${stack.compared.url}/graphql`, headers, pids: pids(stack.compared) }] : []),
  ];
  const hives = (headers: Record<string, string> = {}): Target[] =>
    hive && hiveNoDedupe
      ? [
          { name: 'hive', url: `${hive.url}/graphql`, headers },
          { name: 'hive-no-dedupe', url: `${hiveNoDedupe.url}/graphql`, headers },
        ]
      : [];
  const pageVariables = { network: data.page.network, slug: data.page.slug };
  return [
    { name: 'anonymous community page (4 subgraphs)', query: COMMUNITY_PAGE, variables: pageVariables, targets: [...praxis(), ...hives()] },
    {
      name: 'signed-in community page (4 subgraphs)',
      query: COMMUNITY_PAGE,
      variables: pageVariables,
      targets: [...praxis({ authorization: `Bearer ${data.token}` }), ...hives({ [VIEWER_HEADER]: data.viewerStatement })],
    },
    {
      name: 'one-subgraph community card',
      query: COMMUNITY_CARD,
      variables: pageVariables,
      targets: [...praxis(), ...hives(), { name: 'direct', url: `${stack.subgraphs.membership!.url}/graphql`, headers: {}, pids: [membership] }],
    },
    {
      // What a signed-in request costs the gateway: its token verified and a statement signed.
      name: 'one-subgraph community card, signed in',
      query: COMMUNITY_CARD,
      variables: pageVariables,
      targets: [
        ...praxis({ authorization: `Bearer ${data.token}` }),
        ...hives({ [VIEWER_HEADER]: data.viewerStatement }),
        { name: 'direct', url: `${stack.subgraphs.membership!.url}/graphql`, headers: { [VIEWER_HEADER]: data.viewerStatement }, pids: [membership] },
      ],
    },
    {
      name: 'anonymous page, different variables per request',
      query: SIZED_COMMUNITY_PAGE,
      variables: Array.from({ length: 20 }, (_, size) => data.publicCommunities.map((community) => ({ ...community, size: size + 1 }))).flat(),
      targets: [...praxis(), ...hives()],
    },
  ];
}

/** One request per target before any load: each must answer the same data without errors. */
async function check(scenario: Scenario): Promise<void> {
  const variables = Array.isArray(scenario.variables) ? scenario.variables[0] : scenario.variables;
  const answers = new Map<string, string>();
  for (const target of scenario.targets) {
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: JSON.stringify({ query: scenario.query, variables }) });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    if (body.errors || response.status !== 200) throw new Error(`${scenario.name} through ${target.name} answered ${response.status}: ${JSON.stringify(body).slice(0, 600)}`);
    answers.set(target.name, JSON.stringify(body.data));
  }
  const distinct = new Set(answers.values());
  if (distinct.size > 1) log(`warning: ${scenario.name}: the targets' answers differ`);
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');

async function benchmark(): Promise<void> {
  const quick = flag('quick');
  const settings = {
    rounds: argument('rounds', quick ? 1 : 3),
    seconds: argument('seconds', quick ? 3 : 10),
    connections: argument('connections', 16),
    warmUpSeconds: quick ? 1 : 3,
  };
  const withHive = !flag('no-hive');
  const only = text('only');
  if (withHive) ensureHiveGateway(log);
  const compareGateway = text('compare-gateway');
  const stack = await startBenchStack({ log, ...(compareGateway ? { compareGateway: resolve(compareGateway) } : {}) });
  const peers: HiveGateway[] = [];
  try {
    const urls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, replica]) => [name, `${replica.url}/graphql`]));
    const hive = withHive ? await startHiveGateway({ subgraphUrls: urls, dedupe: true }) : undefined;
    if (hive) peers.push(hive);
    const hiveNoDedupe = withHive ? await startHiveGateway({ subgraphUrls: urls, dedupe: false }) : undefined;
    if (hiveNoDedupe) peers.push(hiveNoDedupe);
    const data = await fixtures(stack);
    log(`Praxis gateway against ${withHive ? `Hive Gateway ${HIVE_GATEWAY_VERSION}` : 'no peer (--no-hive)'}; page ${data.page.network}/${data.page.slug}; ${data.publicCommunities.length} public communities; ${settings.rounds} rounds × ${settings.seconds} s, ${settings.connections} connections`);
    const results = new Map<string, Map<string, Summary>>();
    const targets = text('targets')?.split(',');
    const all = scenarios(stack, hive, hiveNoDedupe, data)
      .filter((scenario) => !only || scenario.name.includes(only))
      .map((scenario) => ({ ...scenario, targets: scenario.targets.filter((target) => !targets || targets.includes(target.name)) }));
    for (const scenario of all) await check(scenario);
    for (const scenario of all) {
      log(`\n${scenario.name}`);
      const samples = await alternate(scenario, settings, log);
      results.set(scenario.name, new Map([...samples].map(([target, list]) => [target, summarise(list)])));
    }
    log('\nmedians                                             target           req/s   p50 ms  p99 ms  errors  CPU ms/req (gateway + membership)');
    for (const [scenario, byTarget] of results) {
      for (const [target, summary] of byTarget) {
        log(`${scenario.padEnd(52)} ${target.padEnd(16)} ${summary.requestsPerSecond.toFixed(0).padStart(6)}  ${String(summary.p50).padStart(6)}  ${String(summary.p99).padStart(6)}  ${summary.errors}  ${summary.cpuMsPerRequest?.toFixed(2) ?? '–'}`);
      }
    }
    log('\nratios (req/s unless said)                          Praxis ÷ Hive  Praxis ÷ Hive no dedupe  both without dedupe  gateway ÷ direct (p50)');
    for (const [scenario, byTarget] of results) {
      const rps = (target: string) => byTarget.get(target)?.requestsPerSecond ?? 0;
      const p50 = (target: string) => byTarget.get(target)?.p50 ?? 0;
      const direct = byTarget.get('direct');
      const compared = byTarget.has('compared-no-dedupe') ? `, compared no dedupe ${ratio(p50('compared-no-dedupe'), direct!.p50)}` : '';
      const viaGateway = direct ? `${ratio(p50('praxis'), direct.p50)} (no dedupe ${ratio(p50('praxis-no-dedupe'), direct.p50)}${compared}, Hive ${ratio(p50('hive'), direct.p50)})` : '–';
      log(`${scenario.padEnd(52)} ${ratio(rps('praxis'), rps('hive')).padStart(13)}  ${ratio(rps('praxis'), rps('hive-no-dedupe')).padStart(23)}  ${ratio(rps('praxis-no-dedupe'), rps('hive-no-dedupe')).padStart(19)}  ${viaGateway}`);
    }
    log('\nCPU per request, through the gateway ÷ direct (gateway + membership against membership alone)');
    for (const [scenario, byTarget] of results) {
      const direct = byTarget.get('direct')?.cpuMsPerRequest;
      if (direct === undefined) continue;
      for (const [target, summary] of byTarget) {
        if (target !== 'direct' && summary.cpuMsPerRequest !== undefined) log(`${scenario.padEnd(52)} ${target.padEnd(20)} ${ratio(summary.cpuMsPerRequest, direct)}  (+${(summary.cpuMsPerRequest - direct).toFixed(2)} ms)`);
      }
    }
  } finally {
    for (const peer of peers) await peer.stop();
    await stack.stop();
  }
}

/**
 * CPU profiles of the gateway and every subgraph under the signed-in page (or, with `--scenario
 * one-subgraph`, the one-subgraph card; `--signed-in` sends the token with it), and what one
 * request costs in calls. `--no-dedupe` loads the gateway that does not share in-flight calls.
 */
async function profile(): Promise<void> {
  const seconds = argument('seconds', 20);
  const connections = argument('connections', 16);
  const oneSubgraph = text('scenario') === 'one-subgraph';
  const signedIn = !oneSubgraph || flag('signed-in');
  const dir = join(BENCH_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const stack = await startBenchStack({ log, nodeOptions: `--cpu-prof --cpu-prof-dir=${dir}`, countInternalCalls: true });
  const gateway = flag('no-dedupe') ? { replica: stack.praxisNoDedupe, name: 'praxis-no-dedupe' } : { replica: stack.praxis, name: 'praxis-gateway' };
  const pids = new Map<number, string>([[gateway.replica.child.pid!, gateway.name], ...Object.entries(stack.subgraphs).map(([name, replica]) => [replica.child.pid!, name] as [number, string])]);
  let requests = 0;
  let loadStarted = 0;
  let loadEnded = 0;
  try {
    const data = await fixtures(stack);
    const variables = { network: data.page.network, slug: data.page.slug };
    const scenario: Scenario = { name: oneSubgraph ? 'one-subgraph card' : 'community page', query: oneSubgraph ? COMMUNITY_CARD : COMMUNITY_PAGE, variables, targets: [] };
    const target: Target = { name: gateway.name, url: `${gateway.replica.url}/graphql`, headers: signedIn ? { authorization: `Bearer ${data.token}` } : {} };
    await load(target, scenario, 3, connections);
    stack.internalCalls!.counts.clear();
    const before = await subgraphFetches(gateway.replica.url);
    loadStarted = Date.now();
    const sample = await load(target, scenario, seconds, connections);
    loadEnded = Date.now();
    requests = Math.round((sample.requestsPerSecond * (loadEnded - loadStarted)) / 1000);
    const after = await subgraphFetches(gateway.replica.url);
    log(`${signedIn ? 'signed-in' : 'anonymous'} ${scenario.name} through ${gateway.name}: ${sample.requestsPerSecond.toFixed(0)} req/s, p50 ${sample.p50} ms, p99 ${sample.p99} ms, errors ${sample.errors} (profiling on)`);
    log('calls per request:');
    for (const [subgraph, count] of after) log(`  gateway → ${subgraph}: ${((count - (before.get(subgraph) ?? 0)) / requests).toFixed(2)}`);
    for (const [path, count] of stack.internalCalls!.counts) log(`  → membership ${path}: ${(count / requests).toFixed(2)}`);
  } finally {
    await stack.stop();
  }
  const files = profilesByPid(dir);
  for (const [pid, name] of pids) {
    const file = files.get(pid);
    if (!file) {
      log(`\n${name}: no profile written`);
      continue;
    }
    const window = { fromMs: loadStarted - stack.spawnedAt[name]!, toMs: loadEnded - stack.spawnedAt[name]! };
    const { busyMs, idleMs, functions } = selfTimes(file, window);
    log(`\n${name}: busy ${(busyMs / 1000).toFixed(1)} s, idle ${(idleMs / 1000).toFixed(1)} s of the ${seconds} s load (${file})`);
    log(`  by package: ${selfTimeByPackage(file, window).map((entry) => `${entry.name} ${(entry.share * 100).toFixed(0)}%`).join(', ')}`);
    for (const entry of functions) log(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
}

/** The gateway's count of calls to each subgraph, from its metrics. */
async function subgraphFetches(gatewayUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^praxis_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="([^"]+)"[^}]*\} (\d+)/gm)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

(flag('profile') ? profile() : benchmark()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
