import { join } from 'node:path';
import { parse } from 'graphql';
import { defineSubgraph, loadSubgraphSdl, PlatformEventTables1763769600000, ReportMemberAttributes1763900000000, ReportMemberPieces1764000000000, type RunningSubgraph } from '@praxis/platform';
import type { Context } from './context';
import { DiscussionDomain, type DiscussionConfig } from './discussion';
import { entities } from './entities';
import { discussionEnv } from './env';
import { createLoaders } from './loaders';
import { DiscussionInitial1763900000000 } from './migrations/1763900000000-discussion-initial';
import { DiscussionReports1763900000001 } from './migrations/1763900000001-discussion-reports';
import { DiscussionMentionMembers1764200000000 } from './migrations/1764200000000-discussion-mention-members';
import { DiscussionAnnounceFollows1766000000000 } from './migrations/1766000000000-discussion-announce-follows';
import { resolvers } from './resolvers';
import { seedDemo, seedScale } from './seed';

export const migrations = [PlatformEventTables1763769600000, DiscussionInitial1763900000000, ReportMemberAttributes1763900000000, DiscussionReports1763900000001, ReportMemberPieces1764000000000, DiscussionMentionMembers1764200000000, DiscussionAnnounceFollows1766000000000];

export const typeDefs = parse(loadSubgraphSdl(join(__dirname, 'schema'), { shared: ['reports'] }));

export type RunningDiscussion = RunningSubgraph<DiscussionDomain, Context>;

/** Domain wiring only; settings, runtime, server and start-up order come from platform. */
export const service = defineSubgraph<typeof discussionEnv, DiscussionConfig, DiscussionDomain, Context>({
  name: 'discussion',
  port: 4002,
  typeDefs,
  resolvers,
  entities,
  migrations,
  env: discussionEnv,
  wire: (runtime, config, kit) => {
    const domain = new DiscussionDomain(runtime, kit.memberContacts());
    return {
      domain,
      access: kit.membershipAccess(),
      consumers: domain.consumers(),
      context: (base) => ({ ...base, domain, loaders: createLoaders(domain, base.access) }),
    };
  },
  seed: { demo: seedDemo, scale: seedScale },
});

export const startDiscussion = service.start;
export const discussionConfig = service.config;

export { DiscussionDomain } from './discussion';
export type { DiscussionConfig } from './discussion';
