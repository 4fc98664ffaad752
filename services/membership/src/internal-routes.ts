import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MEMBER_CONTACTS_PATH, MEMBERS_ACCESS_PATH, SERVICE_HEADER, type MembersCommunitiesAnswer, type AccessResponse, type DeletedMembersResponse, type InternalAuth, type MemberContactsResponse } from '@praxis/platform';
import type { MembershipDomain } from './membership';
import type { SigningKeys } from './membership/signing-keys';

const accessRequest = z.object({
  memberId: z.string().nullable(),
  source: z.enum(['anonymous', 'session', 'api_token', 'oidc']).optional(),
  communities: z.array(z.string()).max(1000).optional(),
  networks: z.array(z.string()).max(1000).optional(),
  readable: z.boolean().optional(),
});
const membersAccessRequest = z.object({ pairs: z.array(z.object({ memberId: z.string().max(64), communityId: z.string().max(64) })).max(1000) });
const tokenRequest = z.object({ token: z.string().max(200) });
const deletedRequest = z.object({ ids: z.array(z.string().max(64)).max(1000), sessions: z.array(z.string().max(64)).max(1000).optional() });
// Ids that are not uuids are not refused but left out, like unknown ones: callers pass ids from
// other services' data as they are.
const contactsRequest = z.object({ ids: z.array(z.string().max(64)).max(1000).optional(), handles: z.array(z.string().max(64)).max(1000).optional() });
const identityRequest = z.object({
  issuer: z.string().max(500),
  subject: z.string().max(500),
  email: z.string().max(254).optional(),
  emailVerified: z.boolean().optional(),
  name: z.string().max(200).optional(),
});

/** The public keys that verify membership's access tokens. */
export function registerJwks(app: FastifyInstance, keys: SigningKeys): void {
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks;
  });
}

/**
 * Membership's API for the gateway and the other services: permission checks,
 * members' contacts, API-token and external-identity resolution. Not part of the graph; every
 * route demands a service assertion signed with the internal secret.
 */
export function registerInternalRoutes(app: FastifyInstance, deps: { domain: MembershipDomain; auth: InternalAuth }): void {
  const { domain, auth } = deps;

  const authorised = async (request: FastifyRequest): Promise<boolean> => {
    const header = request.headers[SERVICE_HEADER];
    if (typeof header !== 'string') return false;
    try {
      await auth.verifyService(header);
      return true;
    } catch {
      return false;
    }
  };

  app.register(async (internal) => {
    internal.addHook('onRequest', async (request, reply) => {
      if (!(await authorised(request))) return reply.code(401).send({ error: 'service assertion required' });
    });

    internal.post('/internal/access', async (request, reply): Promise<AccessResponse | void> => {
      const parsed = accessRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
      const viewer = { memberId: parsed.data.memberId, scopes: [], source: parsed.data.source ?? ('session' as const) };
      const [communities, networks, readable, deleted] = await Promise.all([
        parsed.data.communities?.length ? domain.access.communities(viewer, parsed.data.communities) : [],
        parsed.data.networks?.length ? domain.access.networks(viewer, parsed.data.networks) : [],
        parsed.data.readable ? domain.access.readableCommunityIds(viewer) : undefined,
        // Every answer about a signed-in viewer says whether their account still exists, so
        // subgraphs refuse a deleted account's queries without asking apart (activeViewerPlugin).
        viewer.memberId ? domain.access.deletedMembers([viewer.memberId]) : [],
      ]);
      return { communities, networks, readable, ...(deleted.length > 0 ? { viewerDeleted: true } : {}) };
    });

    internal.post(MEMBERS_ACCESS_PATH, async (request, reply): Promise<MembersCommunitiesAnswer | void> => {
      const parsed = membersAccessRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
      return domain.access.membersCommunities(parsed.data.pairs);
    });

    internal.post('/internal/members/deleted', async (request, reply): Promise<DeletedMembersResponse | void> => {
      const parsed = deletedRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
      const [deleted, endedSessions] = await Promise.all([domain.access.deletedMembers(parsed.data.ids), domain.accounts.sessions.ended(parsed.data.sessions ?? [])]);
      return { deleted, endedSessions };
    });

    internal.post(MEMBER_CONTACTS_PATH, async (request, reply): Promise<MemberContactsResponse | void> => {
      const parsed = contactsRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
      return { members: await domain.contacts.find(parsed.data.ids ?? [], parsed.data.handles ?? []) };
    });

    internal.post('/internal/tokens/resolve', async (request, reply) => {
      const parsed = tokenRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: 'token required' });
      const resolved = await domain.apiTokens.resolve(parsed.data.token);
      return resolved ? resolved : reply.code(404).send({ error: 'unknown token' });
    });

    internal.post('/internal/identities/resolve', async (request, reply) => {
      const parsed = identityRequest.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: parsed.error.message });
      const memberId = await domain.identities.resolve(parsed.data);
      return memberId ? { memberId } : reply.code(404).send({ error: 'no member for this identity' });
    });
  });
}
