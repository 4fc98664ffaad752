import DataLoader from 'dataloader';
import { pagesLoader, reportMeasuresLoader, type Access, type Connection, type PageRequest } from '@praxis/platform';
import type { AttendanceEntity, EventEntity, EventKind, RegistrationEntity } from './entities';
import type { EventsDomain } from './events';
import { proposalCounts } from './events/admin-home';
import { rightsFor } from './events/permissions';
import type { MemberScope } from './events/read-model';
import type { EventMeasures } from './events/reports';

/**
 * Which scopes may share a statement: one statement answers per member and takes its organiser
 * from the first scope. A member's own or a viewer's scope (`Member.*`) names the viewer as
 * organiser, a community's view of a member (`Community.member*`) names none and one community,
 * so the same member asked both ways, or in two communities, lands in separate statements.
 */
function scopeGroup(scope: MemberScope): string {
  return scope.organiserId ? 'viewer' : `community:${scope.communityIds.join(',')}`;
}

/** A member's records as one community's coordinators see them: that community's events only. */
export function communityScope(communityId: string, memberId: string): MemberScope {
  return { memberId, all: false, communityIds: [communityId], organiserId: null };
}

/** Groups page requests that share a page, a scope group (and a flag), so each group is one statement. */
function pagedLoader<K extends { scope: MemberScope; page: PageRequest }, T>(load: (scopes: MemberScope[], first: K) => Promise<Connection<T>[]>, extra?: (key: K) => string) {
  return pagesLoader<K, Connection<T>>({
    parentOf: (key) => key.scope.memberId,
    variant: (key) => `${scopeGroup(key.scope)}|${extra?.(key) ?? ''}`,
    fetch: (keys) => load(keys.map((key) => key.scope), keys[0]!),
  });
}

/**
 * The DataLoaders of one request, created fresh per request so nothing is cached across viewers
 * and a ban or removal shows on the very next request.
 */
export function createLoaders(domain: EventsDomain, access: Access) {
  const read = domain.read;
  const viewerId = access.viewer.memberId;
  return {
    /** Events whatever the viewer may see; for records already checked, such as registrations. */
    event: new DataLoader((ids: readonly string[]) => read.events(ids)),
    /** Events the viewer may see, else null: one SQL statement and one permission call per batch. */
    readableEvent: new DataLoader<string, EventEntity | null>(async (ids) => {
      const events = await read.events(ids);
      const communityIds = [...new Set(events.filter((event) => event !== null).map((event) => event.communityId))];
      const rights = new Map((await access.communities(communityIds)).map((answer, index) => [communityIds[index]!, answer]));
      return events.map((event) => (event && rightsFor(event, rights.get(event.communityId) ?? null, viewerId).read ? event : null));
    }),
    viewerRegistration: new DataLoader<string, RegistrationEntity | null>((eventIds) => (viewerId ? read.registrationsOf(viewerId, eventIds) : Promise.resolve(eventIds.map(() => null)))),
    attendedCount: new DataLoader((eventIds: readonly string[]) => read.attendedCounts(eventIds)),
    /** Keyed "eventId:memberId". */
    attended: new DataLoader((keys: readonly string[]) => read.attended(keys)),
    waitlistPosition: new DataLoader((ids: readonly string[]) => read.waitlistPositions(ids)),
    series: new DataLoader((ids: readonly string[]) => domain.series.byIds(ids)),
    seriesRegistered: new DataLoader<string, boolean>((ids) => (viewerId ? read.seriesRegistered(viewerId, ids) : Promise.resolve(ids.map(() => false)))),
    /**
     * How much of each member's registrations and CPD log the viewer may see: all of it for the
     * member, their events' communities the viewer coordinates (asked live) for anyone else.
     */
    memberScope: new DataLoader<string, MemberScope | null>(async (memberIds) => {
      if (!viewerId) return memberIds.map(() => null);
      const others = memberIds.filter((id) => id !== viewerId);
      const communities = others.length ? await read.communitiesOfMembers(others) : new Map<string, string[]>();
      const all = [...new Set([...communities.values()].flat())];
      const answers = await access.communities(all);
      const coordinated = new Set(all.filter((_, index) => answers[index]?.canCoordinate));
      return memberIds.map((memberId) =>
        memberId === viewerId
          ? { memberId, all: true, communityIds: [], organiserId: viewerId }
          : { memberId, all: false, communityIds: (communities.get(memberId) ?? []).filter((id) => coordinated.has(id)), organiserId: viewerId },
      );
    }),
    memberRegistrations: pagedLoader<{ scope: MemberScope; page: PageRequest; upcoming: boolean }, RegistrationEntity>(
      (scopes, first) => read.memberRegistrations(scopes, first.upcoming, first.page),
      (key) => String(key.upcoming),
    ),
    cpdEntries: pagedLoader<{ scope: MemberScope; page: PageRequest }, AttendanceEntity>((scopes, first) => read.cpdEntries(scopes, first.page)),
    /** `Member.speakingEvents` pages, batched across members that ask for the same page. */
    speakingEvents: pagesLoader<{ memberId: string; page: PageRequest }, Connection<EventEntity>>({
      parentOf: (key) => key.memberId,
      fetch: async (keys, page) => read.speaking(keys.map((key) => key.memberId), await access.readableCommunityIds(), page),
    }),
    /** Proposals waiting for a decision, per community. */
    proposalCount: new DataLoader((communityIds: readonly string[]) => proposalCounts(domain.deps.runtime.db, communityIds)),
    /** A community's upcoming or past events, batched across communities that ask for the same page. */
    communityEvents: pagesLoader<{ communityId: string; which: 'UPCOMING' | 'PAST'; kind: EventKind | null; page: PageRequest }, Connection<EventEntity>>({
      parentOf: (key) => key.communityId,
      variant: (key) => `${key.which}:${key.kind ?? ''}`,
      fetch: (keys, page) => read.communityEvents(keys.map((key) => key.communityId), keys[0]!.which, keys[0]!.kind, page),
    }),
    /**
     * Events' report numbers for report periods. All periods of one report are counted together,
     * after one live permission check for the report's scope, so a forged reference reads nothing.
     */
    reportMeasures: reportMeasuresLoader<EventMeasures>(access, (buckets) => domain.reports.measures(buckets)),
    cpdTotals: new DataLoader<MemberScope, { year: number; events: number; hours: number }[], string>(
      async (scopes) => {
        const groups = groupBy(scopes, scopeGroup);
        const totals = new Map<MemberScope, { year: number; events: number; hours: number }[]>();
        for (const group of groups) (await read.cpdTotals(group)).forEach((years, index) => totals.set(group[index]!, years));
        return scopes.map((scope) => totals.get(scope)!);
      },
      { cacheKeyFn: (scope) => `${scopeGroup(scope)}|${scope.memberId}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups.values()];
}
