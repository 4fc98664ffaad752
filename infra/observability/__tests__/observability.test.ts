import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { BackgroundHealth, defineEvent, readSubgraphs, REFUSED_TYPE, REPO_ROOT, ServiceMetrics, watchPool } from '@praxis/platform';

/**
 * The alert rules, the dashboard and the scrape example are checked against the metrics the code
 * registers, so a renamed metric cannot leave a panel or an alert silently empty.
 */
const here = join(REPO_ROOT, 'infra/observability');
const alerts = parse(readFileSync(join(here, 'prometheus/alerts.yml'), 'utf8')) as {
  groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
};
const rules = alerts.groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(readFileSync(join(here, 'grafana/praxis.json'), 'utf8')) as { uid: string; panels: { type: string; title: string; targets?: { expr: string }[] }[] };
const panelExprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

/** Every metric name a service and the gateway expose, read from the `# TYPE` lines of a real scrape. */
async function exposedNames(): Promise<Set<string>> {
  const metrics = new ServiceMetrics('probe');
  void metrics.subgraphFetches;
  const pool = Object.assign(new EventEmitter(), { totalCount: 0, idleCount: 0, waitingCount: 0 });
  watchPool(metrics, 'main', pool as never);
  new BackgroundHealth({
    metrics,
    dataSource: { query: async () => [] } as never,
    eventlog: { query: async () => ({ rows: [] }) } as never,
    jobs: { stats: async () => [] } as never,
    consumers: [{ name: 'probe', events: [defineEvent('probe', 'probe.happened', 1, z.object({}))], handle: async () => undefined }],
  });
  const { body } = await metrics.scrape();
  const names = new Set<string>(['up']);
  for (const [, name, type] of body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${name}${suffix}`);
  }
  return names;
}

const metricNames = (expr: string) => [...expr.matchAll(/\b(praxis_[a-z_]+|process_[a-z_]+|nodejs_[a-z0-9_]+|up)\b(?=\s*[{[)]|\s*$|\s*==)/g)].map((match) => match[1]!);

test('the alert rules parse, and each has a severity, a summary and a runbook that exists', () => {
  expect(rules.length).toBeGreaterThanOrEqual(5);
  expect(rules.map((rule) => rule.alert)).toEqual(
    expect.arrayContaining(['PraxisHighErrorRate', 'PraxisConsumerLagging', 'PraxisJobQueueStuck', 'PraxisEmailsFailing', 'PraxisSubgraphDown']),
  );
  for (const rule of rules) {
    expect(rule.expr.trim()).not.toBe('');
    expect(rule.labels.severity).toBeTruthy();
    expect(rule.annotations.summary).toBeTruthy();
    expect(rule.annotations.runbook_url).toBe(`docs/runbooks/${rule.alert}.md`);
    const runbook = join(REPO_ROOT, rule.annotations.runbook_url!);
    expect(existsSync(runbook)).toBe(true);
    const text = readFileSync(runbook, 'utf8');
    expect(text.startsWith(`# ${rule.alert}\n`)).toBe(true);
    expect(text).toContain('npm run ops -- status');
  }
  // No runbook outlives its alert.
  expect(readdirSync(join(REPO_ROOT, 'docs/runbooks')).sort()).toEqual(rules.map((rule) => `${rule.alert}.md`).sort());
});

test('alerts and panels name only metrics the code exposes, and every Praxis metric has a panel', async () => {
  const names = await exposedNames();
  const used = [...rules.map((rule) => rule.expr), ...panelExprs].flatMap(metricNames);
  expect(used.length).toBeGreaterThan(20);
  expect(used.filter((name) => !names.has(name))).toEqual([]);
  const onDashboard = new Set(panelExprs.flatMap(metricNames).map((name) => name.replace(/_(bucket|count|sum)$/, '')));
  const praxis = [...names].filter((name) => name.startsWith('praxis_') && !/_(bucket|count|sum)$/.test(name));
  expect(praxis.length).toBeGreaterThanOrEqual(14);
  expect(praxis.filter((name) => !onDashboard.has(name))).toEqual([]);
  // Requests refused before GraphQL ran are told apart by the operation type the gateway gives them.
  const types = [...rules.map((rule) => rule.expr), ...panelExprs].flatMap((expr) => [...expr.matchAll(/\btype="([^"]+)"/g)].map((match) => match[1]));
  expect(types).toContain(REFUSED_TYPE);
  expect(types.filter((type) => type !== REFUSED_TYPE)).toEqual([]);
});

test('the dashboard is one Grafana dashboard with a Prometheus data source variable, and the scrape example covers every port', () => {
  expect(dashboard.uid).toBe('praxis-overview');
  expect(dashboard.panels.filter((panel) => panel.type !== 'row').every((panel) => (panel.targets ?? []).length > 0)).toBe(true);
  const prometheus = parse(readFileSync(join(here, 'prometheus/prometheus.yml'), 'utf8')) as {
    rule_files: string[];
    scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
  };
  expect(prometheus.rule_files).toContain('alerts.yml');
  const job = prometheus.scrape_configs.find((config) => config.job_name === 'praxis')!;
  expect(job.metrics_path).toBe('/metrics');
  const ports = job.static_configs.flatMap((config) => config.targets).map((target) => Number(target.split(':')[1]));
  expect(ports.sort()).toEqual([4000, ...readSubgraphs().map((subgraph) => subgraph.port)].sort());
});
