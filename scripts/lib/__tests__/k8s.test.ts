import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parseAllDocuments } from 'yaml';
import { gatewayEnv } from '@praxis/gateway';
import { createLogger, createServiceDataSource, JobQueue, loadServiceModules, parseEnv, readSubgraphs, REPO_ROOT, runMigrationsLocked, serviceRole, withCredentials } from '@praxis/platform';
import { TEST_SERVICE_PASSWORD, workerDatabase } from '@praxis/platform/testing';
import { EVENTLOG_DDL } from '../../../services/platform/src/eventlog/eventlog-ddl';

/**
 * infra/k8s, rendered as `kubectl kustomize` renders it and checked offline: every built-in object
 * against the Kubernetes schemas (kubernetes-models), the CloudNativePG clusters by hand, and every
 * subgraph of schema/subgraphs.json present, so a new one cannot be left out of the cluster.
 */
const K8S = join(REPO_ROOT, 'infra/k8s');
const OVERLAYS = readdirSync(join(K8S, 'overlays'));
const SUBGRAPHS = readSubgraphs();
const SERVICES = [{ name: 'gateway', port: 4000 }, ...SUBGRAPHS];
const prefixOf = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

// With no flags, as the README says to: everything a kustomization reads is inside its folder.
const renderFolder = (folder: string) => spawnSync('kubectl', ['kustomize', join(K8S, folder)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const render = (overlay: string) => renderFolder(join('overlays', overlay));
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML, checked field by field */
type Manifest = Record<string, any>;
type Labels = Record<string, string>;

// kubernetes-models ships ES modules behind an `import`-only export map, which jest's resolver
// does not follow: Node's own require loads them by path (require of ES modules, Node 22.12+).
const nodeRequire = createRequire(__filename);
const MODELS = join(REPO_ROOT, 'node_modules/kubernetes-models');
const isBuiltIn = (apiVersion: string) => !apiVersion.includes('/') || !apiVersion.split('/')[0]!.includes('.') || apiVersion.split('/')[0]!.endsWith('.k8s.io');

/** Throws when the object breaks its kind's schema, or when kubernetes-models knows no such kind. */
function validateBuiltIn(object: Manifest): void {
  const file = join(MODELS, object.apiVersion === 'v1' ? 'v1' : object.apiVersion, `${object.kind}.js`);
  if (!existsSync(file)) throw new Error(`${object.apiVersion} ${object.kind} is not a Kubernetes kind known to kubernetes-models`);
  const Model = (nodeRequire(file) as Record<string, new (data: Manifest) => { validate(): void }>)[object.kind]!;
  new Model(object).validate();
}

const selects = (selector: { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined, labels: Labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  (selector?.matchExpressions ?? []).every(({ key, operator, values }) =>
    operator === 'Exists' ? key in labels : operator === 'In' ? values!.includes(labels[key]!) : operator === 'DoesNotExist' ? !(key in labels) : !values!.includes(labels[key]!),
  );

const envOf = (deployment: Manifest): { name: string; value?: string; valueFrom?: Manifest }[] => deployment.spec.template.spec.containers[0].env ?? [];
/** Every container of a Deployment's pod, init containers first. */
const containersOf = (deployment: Manifest): Manifest[] => [...(deployment.spec.template.spec.initContainers ?? []), ...deployment.spec.template.spec.containers];
// The image's command (infra/docker/Dockerfile), whose entry the init container runs with `migrate`.
const IMAGE_COMMAND = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync(join(REPO_ROOT, 'infra/docker/Dockerfile'), 'utf8'))![1]!) as string[];

if (!kubectl) {
  // Visible in every run's output, so a machine without kubectl is not mistaken for a pass.
  console.warn('kubectl is not on PATH: infra/k8s was not rendered or validated (install kubectl 1.27+ to run these tests).');
  test.skip('kubectl is not on PATH: infra/k8s was not rendered or validated', () => undefined);
}

const suite = kubectl ? describe : describe.skip;

suite.each(OVERLAYS)('the %s overlay', (overlay) => {
  let objects: Manifest[];
  const find = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);
  const named = (kind: string) => objects.filter((object) => object.kind === kind);
  const configMap = (name: string) => named('ConfigMap').find((object) => object.metadata.name === name || object.metadata.name.startsWith(`${name}-`))!;

  beforeAll(() => {
    const result = render(overlay);
    if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed:\n${result.stderr}`);
    objects = parseAllDocuments(result.stdout).map((document) => document.toJS() as Manifest).filter(Boolean);
  });

  test('every built-in object is valid against the Kubernetes schemas, and nothing else is unknown', () => {
    const problems: string[] = [];
    for (const object of objects) {
      if (!isBuiltIn(object.apiVersion)) {
        if (object.apiVersion !== 'postgresql.cnpg.io/v1' || object.kind !== 'Cluster') problems.push(`${object.apiVersion} ${object.kind} ${object.metadata.name}: an unchecked custom resource`);
        continue;
      }
      try {
        validateBuiltIn(object);
      } catch (error) {
        problems.push(`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(SERVICES.length * 5);
  });

  test('no Secret is rendered: secrets are referenced, never committed', () => {
    expect(named('Secret').map((secret) => secret.metadata.name)).toEqual([]);
  });

  test.each(SERVICES.map((service) => service.name))('%s has its Deployment with probes, limits and a locked-down container, its Service, autoscaler, disruption budget and policy', (name) => {
    const port = SERVICES.find((service) => service.name === name)!.port;
    const deployment = find('Deployment', name);
    expect(deployment).toBeDefined();
    const pod = deployment!.spec.template.spec;
    const labels: Labels = deployment!.spec.template.metadata.labels;
    const container = pod.containers[0];
    expect(container.image).toMatch(new RegExp(`(^|/)praxis-${name}(:[\\w.-]+)?$`));
    expect(container.ports).toContainEqual({ name: 'http', containerPort: port });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(Object.keys(container.resources).sort()).toEqual(['limits', 'requests']);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const tmp = container.volumeMounts.find((mount: Manifest) => mount.mountPath === '/tmp');
    expect(pod.volumes.find((volume: Manifest) => volume.name === tmp?.name)?.emptyDir).toBeDefined();

    const service = find('Service', name);
    expect(service).toBeDefined();
    expect(selects({ matchLabels: service!.spec.selector }, labels)).toBe(true);
    expect(service!.spec.ports).toContainEqual(expect.objectContaining({ port, targetPort: 'http' }));

    const hpa = find('HorizontalPodAutoscaler', name);
    expect(hpa?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(named('PodDisruptionBudget').some((pdb) => selects(pdb.spec.selector, labels))).toBe(true);

    // A policy lets traffic into the serving pods, on ports they declare, and only from named pods (the gateway's is open).
    const policies = named('NetworkPolicy').filter((policy) => selects(policy.spec.podSelector, labels) && policy.spec.ingress?.length);
    expect(policies.map((policy) => policy.metadata.name)).toContain(name);
    const rules: Manifest[] = find('NetworkPolicy', name)!.spec.ingress;
    const declared = container.ports.map((p: Manifest) => p.name);
    expect(rules.every((rule) => rule.ports.length > 0 && rule.ports.every((p: Manifest) => declared.includes(p.port)))).toBe(true);
    expect(rules.some((rule) => rule.ports.some((p: Manifest) => p.port === 'http'))).toBe(true);
  });

  test.each(SUBGRAPHS.map((subgraph) => subgraph.name))('%s serves requests without workers, and a -worker Deployment with no Service runs its jobs and consumers', (name) => {
    const prefix = prefixOf(name);
    const server = find('Deployment', name)!;
    const worker = find('Deployment', `${name}-worker`);
    expect(worker).toBeDefined();
    expect(envOf(server)).toContainEqual({ name: `${prefix}_WORKERS`, value: 'false' });
    expect(envOf(worker!)).toContainEqual({ name: `${prefix}_WORKERS`, value: 'true' });
    for (const deployment of [server, worker!]) {
      expect(envOf(deployment).map((variable) => variable.name)).toEqual(expect.arrayContaining([`${prefix}_DATABASE_URL`, `${prefix}_MIGRATE_ON_START`]));
      expect(deployment.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/health/ready');
    }
    const workerLabels: Labels = worker!.spec.template.metadata.labels;
    expect(named('Service').filter((service) => selects({ matchLabels: service.spec.selector }, workerLabels))).toEqual([]);
    // Only Prometheus, from its namespace, may reach a worker (for /metrics); no pod may.
    const peers = named('NetworkPolicy')
      .filter((policy) => selects(policy.spec.podSelector, workerLabels))
      .flatMap((policy) => (policy.spec.ingress ?? []).flatMap((rule: Manifest) => rule.from ?? [{}]));
    expect(peers).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    expect(find('HorizontalPodAutoscaler', `${name}-worker`)?.spec.scaleTargetRef.name).toBe(`${name}-worker`);
  });

  test.each(SUBGRAPHS.map((subgraph) => subgraph.name))('%s migrates in an init container, with the main container\'s image, settings and restrictions, and starts with migrations off', (name) => {
    const migrateOnStart = `${prefixOf(name)}_MIGRATE_ON_START`;
    for (const deployment of [find('Deployment', name)!, find('Deployment', `${name}-worker`)!]) {
      const pod = deployment.spec.template.spec;
      const main = pod.containers[0];
      expect([deployment.metadata.name, (pod.initContainers ?? []).map((container: Manifest) => container.name)]).toEqual([deployment.metadata.name, ['migrate']]);
      const init = pod.initContainers[0];
      expect(init.image).toBe(main.image);
      expect(init.command).toEqual(['node', IMAGE_COMMAND[IMAGE_COMMAND.length - 1], 'migrate']);
      expect(init.envFrom).toEqual(main.envFrom);
      // Every setting of the main container (database URLs from the overlays included), in the same order, but the one the command ignores.
      expect(init.env).toEqual(main.env.filter((variable: Manifest) => variable.name !== migrateOnStart));
      expect(init.securityContext).toEqual(main.securityContext);
      expect(init.volumeMounts).toEqual(main.volumeMounts.filter((mount: Manifest) => mount.mountPath === '/tmp'));
      expect(Object.keys(init.resources).sort()).toEqual(['limits', 'requests']);
      // The main container does not migrate, and is not ready until the migrations it carries are applied.
      expect(main.env).toContainEqual({ name: migrateOnStart, value: 'false' });
      expect(main.readinessProbe.httpGet.path).toBe('/health/ready');
    }
  });

  test("only the gateway reaches a subgraph's GraphQL; the gateway and the subgraphs reach membership's internal port", () => {
    const gatewayLabels: Labels = find('Deployment', 'gateway')!.spec.template.metadata.labels;
    const subgraphPods: Labels[] = SUBGRAPHS.flatMap((subgraph) => [subgraph.name, `${subgraph.name}-worker`]).map((name) => find('Deployment', name)!.spec.template.metadata.labels);
    const admitted = (target: string, from: Labels, port: string) =>
      find('NetworkPolicy', target)!.spec.ingress.some(
        (rule: Manifest) => (rule.ports ?? []).some((p: Manifest) => p.port === port) && (rule.from ?? []).some((peer: Manifest) => peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, from)),
      );
    for (const subgraph of SUBGRAPHS) {
      expect(admitted(subgraph.name, gatewayLabels, 'http')).toBe(true);
      for (const from of subgraphPods) expect(admitted(subgraph.name, from, 'http')).toBe(false);
      expect(find('NetworkPolicy', subgraph.name)!.spec.ingress.every((rule: Manifest) => rule.from?.length)).toBe(true);
    }
    for (const from of [gatewayLabels, ...subgraphPods]) expect(admitted('membership', from, 'internal')).toBe(true);
    // The internal port is the one membership listens on for them, and the one every process is told.
    const internalPort = find('Deployment', 'membership')!.spec.template.spec.containers[0].ports.find((p: Manifest) => p.name === 'internal').containerPort;
    expect(configMap('membership-config').data.MEMBERSHIP_INTERNAL_PORT).toBe(String(internalPort));
    expect(find('Service', 'membership')!.spec.ports).toContainEqual({ name: 'internal', port: internalPort, targetPort: 'internal' });
    expect(configMap('praxis-config').data.MEMBERSHIP_INTERNAL_URL).toBe(`http://membership:${internalPort}`);
    expect(find('NetworkPolicy', 'default-deny-ingress')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const egressOf = (labels: Labels) => named('NetworkPolicy').filter((policy) => policy.spec.policyTypes.includes('Egress') && selects(policy.spec.podSelector, labels));
    for (const labels of [gatewayLabels, ...subgraphPods]) {
      const ports = egressOf(labels).flatMap((policy) => policy.spec.egress.flatMap((rule: Manifest) => (rule.ports ?? []).map((p: Manifest) => p.port)));
      expect(ports).toEqual(expect.arrayContaining([53, 5432]));
    }
  });

  test('the gateway reads the supergraph from a ConfigMap and reaches every subgraph through its Service', () => {
    const gateway = find('Deployment', 'gateway')!;
    const path = envOf(gateway).find((variable) => variable.name === 'SUPERGRAPH_PATH')!.value!;
    const mount = gateway.spec.template.spec.containers[0].volumeMounts.find((m: Manifest) => path.startsWith(`${m.mountPath}/`));
    const volume = gateway.spec.template.spec.volumes.find((v: Manifest) => v.name === mount.name);
    const supergraph = find('ConfigMap', volume.configMap.name)!;
    expect(supergraph.data[path.slice(mount.mountPath.length + 1)]).toBe(readFileSync(join(REPO_ROOT, 'schema/supergraph.graphql'), 'utf8'));
    const urls = configMap('gateway-config').data.SUBGRAPH_URLS.split(',');
    expect(urls.sort()).toEqual(SUBGRAPHS.map((subgraph) => `${subgraph.name}=http://${subgraph.name}:${subgraph.port}/graphql`).sort());
    expect(configMap('praxis-config').data).toMatchObject({ HOST: '0.0.0.0' });
  });

  test("every Deployment's settings parse with its service's own schema, and no ConfigMap key is unknown", () => {
    const schemas = Object.fromEntries([['gateway', gatewayEnv], ...loadServiceModules().map((module) => [module.name, module.env] as const)]);
    const known = new Set(Object.values(schemas).flatMap((schema) => Object.keys(schema.shape)));
    for (const deployment of named('Deployment')) {
      const service = deployment.metadata.labels['app.kubernetes.io/name'] as string;
      for (const container of containersOf(deployment)) {
        const values: Record<string, string> = {};
        for (const source of container.envFrom ?? []) if (source.configMapRef) Object.assign(values, find('ConfigMap', source.configMapRef.name)!.data);
        for (const variable of container.env ?? []) if (variable.value !== undefined) values[variable.name] = variable.value;
        expect(() => parseEnv(schemas[service]!, values)).not.toThrow();
      }
      const own = configMap(`${service}-config`).data ?? {};
      expect(Object.keys(own).filter((key) => !(key in schemas[service]!.shape))).toEqual([]);
    }
    // POSTGRES_* are not settings: dev composes its database URLs from them.
    expect(Object.keys(configMap('praxis-config').data).filter((key) => !known.has(key) && !key.startsWith('POSTGRES_'))).toEqual([]);
  });

  test('every Secret it refers to is described in secret.example.yaml, except those CloudNativePG makes', () => {
    const examples = parseAllDocuments(readFileSync(join(K8S, 'secret.example.yaml'), 'utf8')).map((document) => (document.toJS() as Manifest).metadata.name as string);
    const referred = new Set<string>();
    for (const container of named('Deployment').flatMap(containersOf)) {
      for (const source of container.envFrom ?? []) if (source.secretRef) referred.add(source.secretRef.name);
      for (const variable of container.env ?? []) if (variable.valueFrom?.secretKeyRef) referred.add(variable.valueFrom.secretKeyRef.name);
    }
    for (const cluster of named('Cluster')) for (const role of cluster.spec.managed?.roles ?? []) referred.add(role.passwordSecret.name);
    const made = named('Cluster').map((cluster) => `${cluster.metadata.name}-app`);
    expect([...referred].filter((name) => !made.includes(name) && !examples.includes(name))).toEqual([]);
  });
});

suite('the prod overlay', () => {
  let objects: Manifest[];
  const find = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name);

  beforeAll(() => {
    const result = render('prod');
    if (result.status !== 0) throw new Error(result.stderr);
    objects = parseAllDocuments(result.stdout).map((document) => document.toJS() as Manifest).filter(Boolean);
  });

  test('has a CloudNativePG Cluster per service database, one for the event log and one for the rate limits', () => {
    const clusters = objects.filter((object) => object.kind === 'Cluster');
    for (const cluster of clusters) {
      expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
      expect(Number.isInteger(cluster.spec.instances) && cluster.spec.instances >= 1).toBe(true);
      expect(cluster.spec.storage.size).toMatch(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/);
      expect(cluster.spec.bootstrap.initdb).toEqual(expect.objectContaining({ database: expect.stringMatching(/^[a-z_]+$/), owner: expect.stringMatching(/^[a-z_]+$/) }));
    }
    expect(clusters.map((cluster) => cluster.metadata.name).sort()).toEqual([...SUBGRAPHS.map((subgraph) => `${subgraph.name}-db`), 'eventlog-db', 'gateway-db'].sort());
    for (const subgraph of SUBGRAPHS) {
      const initdb = find('Cluster', `${subgraph.name}-db`)!.spec.bootstrap.initdb;
      expect(initdb.owner).toBe(`praxis_${subgraph.name}`);
      expect(initdb.postInitApplicationSQL).toEqual(expect.arrayContaining([`CREATE SCHEMA IF NOT EXISTS ${subgraph.name} AUTHORIZATION praxis_${subgraph.name}`]));
    }
  });

  test("wires each cluster's Secret into its Deployments, and the event log as the service's own role", () => {
    for (const subgraph of SUBGRAPHS) {
      const prefix = prefixOf(subgraph.name);
      for (const name of [subgraph.name, `${subgraph.name}-worker`]) {
        const env = envOf(find('Deployment', name)!);
        expect(env.find((variable) => variable.name === `${prefix}_DATABASE_URL`)?.valueFrom).toEqual({ secretKeyRef: { name: `${subgraph.name}-db-app`, key: 'uri' } });
        const names = env.map((variable) => variable.name);
        // $(EVENTLOG_DB_PASSWORD) is expanded only when defined above the variable that uses it.
        expect(names.indexOf('EVENTLOG_DB_PASSWORD')).toBeGreaterThanOrEqual(0);
        expect(names.indexOf('EVENTLOG_DB_PASSWORD')).toBeLessThan(names.indexOf('EVENTLOG_DATABASE_URL'));
        expect(env.find((variable) => variable.name === 'EVENTLOG_DATABASE_URL')?.value).toBe(`postgresql://praxis_${subgraph.name}:$(EVENTLOG_DB_PASSWORD)@eventlog-db-rw:5432/eventlog`);
      }
    }
    expect(find('Cluster', 'eventlog-db')!.spec.managed.roles.map((role: Manifest) => role.name).sort()).toEqual(SUBGRAPHS.map((subgraph) => `praxis_${subgraph.name}`).sort());
    // Each cluster admits its own service's pods (the event log every subgraph's), past the default deny.
    const admits = (cluster: string, service: string) =>
      objects.some(
        (object) =>
          object.kind === 'NetworkPolicy' &&
          selects(object.spec.podSelector, { 'cnpg.io/cluster': cluster }) &&
          (object.spec.ingress ?? []).some((rule: Manifest) =>
            rule.from?.some((peer: Manifest) => peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, find('Deployment', service)!.spec.template.metadata.labels)),
          ),
      );
    for (const subgraph of SUBGRAPHS) {
      expect(admits(`${subgraph.name}-db`, subgraph.name)).toBe(true);
      expect(admits('eventlog-db', `${subgraph.name}-worker`)).toBe(true);
      expect(admits(`${subgraph.name}-db`, subgraph.name === 'events' ? 'discussion' : 'events')).toBe(false);
    }
    expect(admits('gateway-db', 'gateway')).toBe(true);
    expect(envOf(find('Deployment', 'gateway')!).find((variable) => variable.name === 'RATE_LIMIT_DATABASE_URL')?.valueFrom).toEqual({ secretKeyRef: { name: 'gateway-db-app', key: 'uri' } });
  });

  test("each service's cluster, bootstrapped as its Cluster says, is enough for its migrations and job queue", async () => {
    const logger = createLogger({ service: 'k8s-test', level: 'silent' });
    for (const module of loadServiceModules()) {
      const statements: string[] = find('Cluster', `${module.name}-db`)!.spec.bootstrap.initdb.postInitApplicationSQL;
      await withDatabase(module.name, async ({ admin, role }) => {
        await asUser(admin, async (client) => {
          for (const statement of statements) await client.query(statement);
        });
        const { dataSource } = createServiceDataSource({ url: role, schema: module.schema, entities: module.entities, migrations: module.migrations, applicationName: 'k8s-test', poolSize: 2 });
        await dataSource.initialize();
        try {
          expect((await runMigrationsLocked(dataSource, module.schema)).length).toBeGreaterThan(0);
        } finally {
          await dataSource.destroy();
        }
        const jobs = new JobQueue({ url: role, schema: module.jobSchema, logger, workers: false, applicationName: 'k8s-test' });
        await jobs.start();
        await jobs.stop();
      });
    }
  }, 180_000);

  test('the event log, prepared by its init.sql, lets each service append only its own events and read all', async () => {
    const sql: string = find('ConfigMap', 'eventlog-db-init')!.data['init.sql'];
    await withDatabase('membership', async ({ admin, name }) => {
      await asUser(admin, (client) => client.query(sql.replaceAll('DATABASE eventlog', `DATABASE "${name}"`)).then(() => undefined));
      const { adminUrl } = await workerDatabase();
      const as = (service: string) => withCredentials(adminUrl, serviceRole(service), TEST_SERVICE_PASSWORD, name);
      const append = (client: Client, publisher: string) =>
        client.query("INSERT INTO eventlog.events (publisher, seq, id, type, version, occurred_at, payload) VALUES ($1, 1, gen_random_uuid(), 'Test', 1, now(), '{}')", [publisher]);
      await asUser(as('events'), async (client) => {
        await append(client, 'events');
        await expect(append(client, 'membership')).rejects.toThrow(/row-level security/);
      });
      await asUser(as('membership'), async (client) => {
        expect((await client.query('SELECT publisher FROM eventlog.events')).rows).toEqual([{ publisher: 'events' }]);
      });
    });
  });

  test("prepares the event log with the platform's own DDL and a role per subgraph", () => {
    const sql: string = find('ConfigMap', 'eventlog-db-init')!.data['init.sql'];
    expect(find('Cluster', 'eventlog-db')!.spec.bootstrap.initdb.postInitApplicationSQLRefs.configMapRefs).toEqual([{ name: 'eventlog-db-init', key: 'init.sql' }]);
    expect(sql).toContain(EVENTLOG_DDL.trim());
    for (const subgraph of SUBGRAPHS) expect(sql).toMatch(new RegExp(`GRANT SELECT, INSERT ON eventlog\\.events TO [^;]*\\bpraxis_${subgraph.name}\\b`));
    expect(sql).toMatch(new RegExp(`ARRAY\\[${SUBGRAPHS.map((subgraph) => `'${subgraph.name}'`).join(', ')}\\]`));
  });
});

/** A database of its own on the test PostgreSQL, as CloudNativePG's initdb makes one, dropped afterwards. */
async function withDatabase<T>(owner: string, work: (urls: { admin: string; role: string; name: string }) => Promise<T>): Promise<T> {
  const { adminUrl } = await workerDatabase();
  const name = `k8s_${owner}_${randomBytes(4).toString('hex')}`;
  const user = decodeURIComponent(new URL(adminUrl).username);
  const password = decodeURIComponent(new URL(adminUrl).password);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" OWNER "${serviceRole(owner)}"`);
    return await work({ admin: withCredentials(adminUrl, user, password, name), role: withCredentials(adminUrl, serviceRole(owner), TEST_SERVICE_PASSWORD, name), name });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function asUser(url: string, work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

suite('the dev overlay', () => {
  test('runs one replica of everything against one PostgreSQL', () => {
    const result = render('dev');
    const objects = parseAllDocuments(result.stdout).map((document) => document.toJS() as Manifest).filter(Boolean);
    for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')) expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([1, 1]);
    expect(objects.filter((object) => object.kind === 'Cluster')).toEqual([]);
    for (const deployment of objects.filter((object) => object.kind === 'Deployment' && object.metadata.name !== 'gateway')) {
      expect(envOf(deployment).find((variable) => variable.name === 'DB_SERVICE_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'praxis-postgres', key: 'DB_SERVICE_PASSWORD' } });
    }
  });
});

suite('the base', () => {
  test('renders with no flags, its supergraph the current schema/supergraph.graphql', () => {
    const result = renderFolder('base');
    expect([result.status, result.stderr]).toEqual([0, '']);
    const supergraph = parseAllDocuments(result.stdout)
      .map((document) => document.toJS() as Manifest)
      .find((object) => object?.kind === 'ConfigMap' && object.metadata.name.startsWith('praxis-supergraph-'));
    expect(supergraph?.data['supergraph.graphql']).toBe(readFileSync(join(REPO_ROOT, 'schema/supergraph.graphql'), 'utf8'));
  });
});

test('secret.example.yaml is in no kustomization', () => {
  const kustomizations = readdirSync(K8S, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('kustomization.yaml'));
  expect(kustomizations.length).toBeGreaterThanOrEqual(3);
  for (const file of kustomizations) expect(readFileSync(join(K8S, file), 'utf8')).not.toContain('secret.example');
});
