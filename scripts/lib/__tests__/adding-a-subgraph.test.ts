import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { Client } from 'pg';
import ts from 'typescript';
import type { z } from 'zod';
import { entrySdl, loadServiceModules, loadSubgraphSdl, memberViewer, provisionDatabase, readSubgraphs, REPO_ROOT, serviceRole, SHARED_SDL, type SubgraphEntry, type Viewer } from '@praxis/platform';
import { resetDatabase, TEST_SERVICE_PASSWORD, workerDatabase } from '@praxis/platform/testing';
import { startMembership, type RunningMembership } from '@praxis/membership';
import { MembershipFactories, membershipTestConfig } from '@praxis/membership/testing';
import codegen from '../../../codegen';
import { composeSubgraphs } from '../compose';
import { guideFiles, guideSharedSettings, renameExample, type GuideFile } from '../guide-subgraph';

/**
 * docs/adding-a-subgraph.md, proved: its marked blocks are written out as a throwaway subgraph
 * under a fresh name, which must generate, type-check, compose with the real subgraphs, migrate,
 * start next to membership and answer. Inside the repository, so its imports resolve as a real
 * service's do; removed afterwards.
 */
const GUIDE = readFileSync(join(REPO_ROOT, 'docs/adding-a-subgraph.md'), 'utf8');
const stem = `guide${Array.from(randomBytes(4), (byte) => String.fromCharCode(97 + (byte % 26))).join('')}note`;
const root = join(REPO_ROOT, '.tmp', `subgraph-guide-${stem}`);
const files: GuideFile[] = guideFiles(GUIDE).map((file) => ({ path: renameExample(file.path, stem), content: renameExample(file.content, stem) }));
const SUBGRAPHS_JSON = 'schema/subgraphs.json';
const entry = JSON.parse(files.find((file) => file.path === SUBGRAPHS_JSON)!.content) as SubgraphEntry;
const serviceDir = join(root, 'services', entry.name);
const schemaDir = join(root, entry.schema);
const prefix = entry.name.toUpperCase();

interface GuideService {
  name: string;
  schema: string;
  jobSchema: string;
  env: z.ZodObject;
  start(config: unknown): Promise<{ url: string; stop(): Promise<void>; server: { execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result> } }>;
}
interface Result {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(path: string) => require(join(serviceDir, path)) as T;

beforeAll(() => {
  for (const file of files) {
    if (file.path === SUBGRAPHS_JSON) continue;
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  // .tmp itself goes too once empty; another run's folder keeps it.
  if (readdirSync(dirname(root)).length === 0) rmSync(dirname(root), { recursive: true, force: true });
});

test('the guide writes a whole service, its entry and package named and versioned as the real ones', () => {
  const written = files.map((file) => relative(join('services', entry.name), file.path));
  expect(written).toEqual(expect.arrayContaining(['package.json', 'codegen.mappers.json', 'src/index.ts', 'src/main.ts', 'src/env.ts', 'src/context.ts', 'src/loaders.ts', 'src/testing/index.ts', 'src/resolvers/index.ts']));
  expect(written.some((path) => path.startsWith('src/schema/'))).toBe(true);
  expect(written.some((path) => path.startsWith('src/migrations/'))).toBe(true);
  expect(entry).toMatchObject({ package: `@praxis/${entry.name}`, schema: `services/${entry.name}/src/schema` });
  expect(readSubgraphs().map((real) => real.port)).not.toContain(entry.port);
  // The versions the guide names are the ones the real services use.
  const pkg = JSON.parse(readFileSync(join(serviceDir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
  const discussion = JSON.parse(readFileSync(join(REPO_ROOT, 'services/discussion/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(pkg.name).toBe(entry.package);
  for (const [name, version] of Object.entries(pkg.dependencies)) if (discussion.dependencies[name]) expect(`${name}@${version}`).toBe(`${name}@${discussion.dependencies[name]}`);
});

test('its resolver types generate with the repository codegen settings, and every file type-checks', async () => {
  // The options of `npm run codegen`, taken from codegen.ts (one real subgraph's target), pointed at this one.
  const [, target] = Object.entries(codegen.generates)[0] as [string, { schema: string[]; config: Record<string, unknown> }];
  const mappers = JSON.parse(readFileSync(join(serviceDir, 'codegen.mappers.json'), 'utf8')) as Record<string, string>;
  await generate(
    {
      cwd: REPO_ROOT,
      overwrite: true,
      silent: true,
      generates: {
        [join(serviceDir, 'src/__generated__/resolvers.ts')]: {
          ...target,
          schema: [join(schemaDir, '*.graphql'), ...(entry.shared ?? []).map((name) => SHARED_SDL[name]), ...target.schema.filter((path) => path.includes('federation-directives'))],
          config: { ...target.config, mappers },
        },
      },
    },
    true,
  );

  const tsconfig = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const own = tsFiles(serviceDir);
  const program = ts.createProgram(own, { ...tsconfig.options, noEmit: true });
  const problems = own.flatMap((file) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  expect(problems.map((problem) => `${relative(root, problem.file!.fileName)}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`)).toEqual([]);
}, 60_000);

test('its SDL composes with the real subgraphs, and its fields reach the API schema', () => {
  const result = composeSubgraphs([
    ...readSubgraphs().map((real) => ({ name: real.name, url: real.url, sdl: entrySdl(real) })),
    { name: entry.name, url: entry.url, sdl: loadSubgraphSdl(schemaDir, { shared: entry.shared ?? [] }) },
  ]);
  expect(result.errors?.map((error) => error.message)).toBeUndefined();
  const api = result.schema!.toAPISchema().toGraphQLJSSchema();
  const Type = stem[0]!.toUpperCase() + stem.slice(1);
  expect(Object.keys(api.getQueryType()!.getFields())).toContain(stem);
  expect(Object.keys(api.getMutationType()!.getFields())).toContain(`add${Type}`);
  expect(api.getType(Type)).toBeDefined();
  expect(Object.keys((api.getType('Community') as { getFields(): object }).getFields())).toContain(`${stem}Count`);
});

test("its SDL passes the repository's SDL lint (descriptions, naming, Relay shapes)", () => {
  // eslint.config.mjs lints the SDL of the subgraphs in schema/subgraphs.json; these files get the
  // rules of the first of them, in a config that adds them beside the repository's own.
  const config = join(root, 'eslint.config.mjs');
  const own = relative(REPO_ROOT, join(schemaDir, '*.graphql'));
  writeFileSync(
    config,
    `import graphql from '@graphql-eslint/eslint-plugin';
import repository from '../../eslint.config.mjs';
const real = repository.find((block) => block.files?.includes(${JSON.stringify(`${readSubgraphs()[0]!.schema}/*.graphql`)}));
export default [{ ...real, files: [${JSON.stringify(own)}], languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { projects: { guide: { schema: [${JSON.stringify(own)}] } } } } } }];
`,
  );
  const eslint = join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js');
  const run = () => execFileSync(process.execPath, [eslint, '--max-warnings', '0', '-c', config, own], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
  expect(() => {
    try {
      run();
    } catch (error) {
      throw new Error(`${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`);
    }
  }).not.toThrow();
}, 60_000);

test('the shared settings the guide lists are the ones defineSubgraph adds', () => {
  const { service } = load<{ service: GuideService }>('src/index.ts');
  const { [`${entry.name}Env`]: ownEnv } = load<Record<string, z.ZodObject>>('src/env.ts');
  const own = new Set(Object.keys(ownEnv!.shape));
  const added = Object.keys(service.env.shape).filter((name) => !own.has(name));
  expect([...guideSharedSettings(GUIDE, prefix)].sort()).toEqual(added.sort());
});

describe('started next to membership', () => {
  let membership: RunningMembership;
  let people: MembershipFactories;
  let running: Awaited<ReturnType<GuideService['start']>>;
  let service: GuideService;

  beforeAll(async () => {
    service = load<{ service: GuideService }>('src/index.ts').service;
    const testing = load<{ testConfig(options: { env?: Record<string, string> }): Promise<unknown> }>('src/testing/index.ts');
    // What `npm start` does with schema/subgraphs.json, this service in it: a role and schemas each.
    const db = await workerDatabase();
    const modules = loadServiceModules();
    const services = [...modules, service].map(({ name, schema, jobSchema }) => ({ name, schema, jobSchema }));
    await provisionDatabase({ adminUrl: db.adminUrl, database: db.name, servicePassword: TEST_SERVICE_PASSWORD, services });
    await resetDatabase(modules);
    membership = await startMembership(await membershipTestConfig());
    people = new MembershipFactories(membership);
    // The test template holds the real services' migrations only: this one migrates on start.
    running = await service.start(await testing.testConfig({ env: { MEMBERSHIP_INTERNAL_URL: membership.url, [`${prefix}_MIGRATE_ON_START`]: 'true' } }));
  });

  afterAll(async () => {
    await running?.stop();
    await membership?.stop();
    if (!service) return;
    const db = await workerDatabase();
    const admin = new Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${service.schema}", "${service.jobSchema}" CASCADE`);
      await admin.query(`DROP OWNED BY "${serviceRole(service.name)}"`);
      await admin.query(`DROP ROLE IF EXISTS "${serviceRole(service.name)}"`);
      // Provisioning revoked the database from PUBLIC; a database cloned from the template has it.
      await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${db.name}" TO PUBLIC`);
    } finally {
      await admin.end();
    }
  });

  test('runs its mutation and query, resolves a Community reference, and refuses bad input by field', async () => {
    const Type = stem[0]!.toUpperCase() + stem.slice(1);
    const community = await people.community({ visibility: 'MEMBERS_ONLY' });
    const coordinator = memberViewer(community.coordinator.id);
    const outsider = memberViewer((await people.member()).id);
    const gql = (query: string, variables: Record<string, unknown>, viewer?: Viewer) => running.server.execute(query, variables, viewer);

    const added = await gql(`mutation ($input: Add${Type}Input!) { add${Type}(input: $input) { ${stem} { id body community { id } } } }`, { input: { communityId: community.id, body: '  Bring the slides  ' } }, coordinator);
    expect(added.errors).toBeUndefined();
    const note = (added.data![`add${Type}`] as Record<string, { id: string; body: string; community: { id: string } }>)[stem]!;
    expect(note).toEqual({ id: expect.any(String), body: 'Bring the slides', community: { id: community.id } });

    const read = `query ($id: ID!) { ${stem}(id: $id) { id body createdAt } }`;
    expect((await gql(read, { id: note.id }, coordinator)).data).toEqual({ [stem]: { id: note.id, body: 'Bring the slides', createdAt: expect.any(String) } });
    expect((await gql(read, { id: note.id }, outsider)).data).toEqual({ [stem]: null });
    expect((await gql(read, { id: 'not-an-id' }, coordinator)).data).toEqual({ [stem]: null });

    const reference = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Community { id ${stem}Count } } }`;
    const representations = [{ __typename: 'Community', id: community.id }];
    expect((await gql(reference, { representations }, coordinator)).data).toEqual({ _entities: [{ id: community.id, [`${stem}Count`]: 1 }] });
    expect((await gql(reference, { representations }, outsider)).data).toEqual({ _entities: [{ id: community.id, [`${stem}Count`]: null }] });

    const blank = await gql(`mutation ($input: Add${Type}Input!) { add${Type}(input: $input) { ${stem} { id } } }`, { input: { communityId: community.id, body: '   ' } }, coordinator);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.body' });
    const hidden = await gql(`mutation ($input: Add${Type}Input!) { add${Type}(input: $input) { ${stem} { id } } }`, { input: { communityId: community.id, body: 'Hello' } }, outsider);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((item) => item.isFile() && item.name.endsWith('.ts'))
    .map((item) => join(item.parentPath, item.name));
}
