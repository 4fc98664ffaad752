import { join } from 'node:path';
import { parse } from 'graphql';
import { defineSubgraph, loadSubgraphSdl, memberAttributesConsumer, PlatformEventTables1763769600000, ReportMemberAttributes1763900000000, ReportMemberPieces1764000000000, type RunningSubgraph } from '@praxis/platform';
import type { Context } from './context';
import { entities } from './entities';
import { membershipConfig, membershipEnv } from './env';
import { registerInternalRoutes, registerJwks } from './internal-routes';
import { createLoaders } from './loaders';
import { MembershipDomain, type MembershipConfig } from './membership';
import { activityConsumer, lockingMembersActivity } from './membership/activity';
import { EmailOutbox } from './membership/emails';
import { PasswordHasher } from './membership/passwords';
import { generateSigningKey, loadSigningKeys } from './membership/signing-keys';
import { MembershipInitial1763800000000 } from './migrations/1763800000000-membership-initial';
import { MembershipReports1763900000001 } from './migrations/1763900000001-membership-reports';
import { MembershipActiveMonths1763900000002 } from './migrations/1763900000002-membership-active-months';
import { MembershipActiveAttributes1764000000001 } from './migrations/1764000000001-membership-active-attributes';
import { MembershipSecondFactor1765000000001 } from './migrations/1765000000001-membership-second-factor';
import { MembershipSessions1765000000002 } from './migrations/1765000000002-membership-sessions';
import { MembershipAudit1765000000003 } from './migrations/1765000000003-membership-audit';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, MembershipInitial1763800000000, ReportMemberAttributes1763900000000, MembershipReports1763900000001, MembershipActiveMonths1763900000002, ReportMemberPieces1764000000000, MembershipActiveAttributes1764000000001, MembershipSecondFactor1765000000001, MembershipSessions1765000000002, MembershipAudit1765000000003];

export const typeDefs = parse(loadSubgraphSdl(join(__dirname, 'schema'), { shared: ['reports'] }));

export type RunningMembership = RunningSubgraph<MembershipDomain, Context>;

/** Domain wiring only; settings, runtime, server and start-up order come from platform. */
export const service = defineSubgraph<typeof membershipEnv, MembershipConfig, MembershipDomain, Context>({
  name: 'membership',
  port: 4001,
  // The schema is published through schema/api.graphql; production answers no introspection unless told to.
  introspectionInProduction: false,
  typeDefs,
  resolvers,
  entities,
  migrations,
  env: membershipEnv,
  config: membershipConfig,
  wire: async (runtime, config, kit) => {
    if (config.auth.signingKeys.length === 0) runtime.logger.warn('no AUTH_SIGNING_KEYS: generated a key for this run; tokens will not survive a restart');
    const keys = await loadSigningKeys(config.auth.signingKeys.length > 0 ? config.auth.signingKeys : [await generateSigningKey()]);
    const emails = EmailOutbox.register(runtime.jobs, config.email, runtime.logger);
    const domain = new MembershipDomain({ runtime, config, keys, passwords: new PasswordHasher(config.auth.scryptLog2N), emails });
    domain.erasure.registerJobs();
    domain.audit.start();
    kit.onStop(() => domain.audit.stop());
    return {
      domain,
      // Membership answers its own permission questions, without a round trip.
      access: domain.access,
      // Membership reads its own events back for report attributes, like every reporting service.
      consumers: [lockingMembersActivity(memberAttributesConsumer()), activityConsumer()],
      context: (base) => ({ ...base, domain, loaders: createLoaders(domain, base.viewer, base.access) }),
      // The JWKS is public: it stays beside /graphql for any client that verifies our tokens, and
      // is also served with the internal routes, where the gateway reads it.
      routes: (app) => registerJwks(app, keys),
      internal: {
        port: config.internalPort,
        routes: (app) => {
          if (config.internalPort !== undefined) registerJwks(app, keys);
          registerInternalRoutes(app, { domain, auth: runtime.auth });
        },
      },
    };
  },
  seed: { demo: seedDemo, scale: seedScale },
});

export const startMembership = service.start;

export { MembershipDomain } from './membership';
export type { MembershipConfig } from './membership';
export { generateSigningKey } from './membership/signing-keys';
export { resetActivityProjection } from './membership/activity';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, SCALE } from './seed';
