import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { Access, createSubgraphServer, memberAttributesConsumer, PlatformEventTables1763769600000, ReportMemberAttributes1763900000000, ReportMemberPieces1764000000000, ServiceRuntime, type Logger, type RunningService, type ServiceModule, type SubgraphServer } from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { membershipConfig, membershipEnv } from './env';
import { registerInternalRoutes } from './internal-routes';
import { createLoaders } from './loaders';
import { MembershipDomain, type MembershipConfig } from './membership';
import { EmailOutbox } from './membership/emails';
import { PasswordHasher } from './membership/passwords';
import { generateSigningKey, loadSigningKeys } from './membership/signing-keys';
import { MembershipInitial1763800000000 } from './migrations/1763800000000-membership-initial';
import { MembershipReports1763900000001 } from './migrations/1763900000001-membership-reports';
import { MembershipActiveMonths1763900000002 } from './migrations/1763900000002-membership-active-months';
import { MembershipActiveAttributes1764000000001 } from './migrations/1764000000001-membership-active-attributes';
import { activityConsumer } from './membership/activity';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, MembershipInitial1763800000000, ReportMemberAttributes1763900000000, MembershipReports1763900000001, MembershipActiveMonths1763900000002, ReportMemberPieces1764000000000, MembershipActiveAttributes1764000000001];

export const typeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export interface RunningMembership extends RunningService {
  domain: MembershipDomain;
  server: SubgraphServer<Context>;
}

/** Wiring only: builds the runtime, the domain and the server, and starts them in order. */
export async function startMembership(config: MembershipConfig, options: { logger?: Logger } = {}): Promise<RunningMembership> {
  const runtime = new ServiceRuntime(config.runtime, { entities, migrations }, options.logger);
  try {
    await runtime.init();
    if (config.auth.signingKeys.length === 0) runtime.logger.warn('no AUTH_SIGNING_KEYS: generated a key for this run; tokens will not survive a restart');
    const keys = await loadSigningKeys(config.auth.signingKeys.length > 0 ? config.auth.signingKeys : [await generateSigningKey()]);
    const emails = EmailOutbox.register(runtime.jobs, config.email, runtime.logger);
    const domain = new MembershipDomain({ runtime, config, keys, passwords: new PasswordHasher(config.auth.scryptLog2N), emails });
    domain.erasure.registerJobs();
    // Membership reads its own events back for report attributes, like every reporting service.
    await runtime.startBackground([memberAttributesConsumer(), activityConsumer()]);
    const server = await createSubgraphServer<Context>({
      schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]),
      logger: runtime.logger,
      auth: runtime.auth,
      introspection: config.runtime.introspection,
      ready: () => runtime.ready(),
      context: (base) => {
        const access = new Access(domain.access, base.viewer);
        return { ...base, domain, access, loaders: createLoaders(domain, base.viewer, access) };
      },
    });
    registerInternalRoutes(server.app, { domain, keys, auth: runtime.auth });
    const url = await runtime.serve(server);
    return { name: 'membership', url, runtime, domain, server, stop: () => runtime.stop() };
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    throw error;
  }
}

export const service: ServiceModule<typeof membershipEnv, MembershipConfig, RunningMembership> = {
  name: 'membership',
  schema: 'membership',
  jobSchema: 'membership_jobs',
  env: membershipEnv,
  config: membershipConfig,
  entities,
  migrations,
  start: startMembership,
  seed: { demo: seedDemo, scale: seedScale },
};

export { MembershipDomain } from './membership';
export type { MembershipConfig } from './membership';
export { generateSigningKey } from './membership/signing-keys';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, SCALE } from './seed';
