import { Access, ANONYMOUS, memberViewer, selectColumns, type Viewer } from '@praxis/platform';
import { EventEntity } from '../entities';
import type { Deps } from './deps';
import { rightsFor } from './permissions';
import type { ReadModel } from './read-model';
import { buildCalendar } from './ics';
import type { CalendarTokens } from './tokens';
import { isUuid } from './validation';

export type CalendarAnswer = { status: 200; body: string } | { status: 404 | 401; body: string };

const FEED_DAYS_BACK = 90;
const FEED_LIMIT = 500;

/**
 * The iCalendar files the service serves over plain HTTP: one event, a community's events, and
 * a member's own registrations. Calendar programs cannot sign in, so a private calendar token
 * stands in for the viewer; permissions are then asked of membership as for any request.
 */
export class Calendars {
  private readonly select: string;

  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
    private readonly tokens: CalendarTokens,
  ) {
    this.select = selectColumns(deps.runtime.db, EventEntity, 'e');
  }

  async eventFile(eventId: string, token: string | undefined, viewer: Viewer = ANONYMOUS): Promise<CalendarAnswer> {
    const access = await this.accessFor(token, viewer);
    if (!access) return { status: 401, body: 'This calendar token is not valid.' };
    const event = isUuid(eventId) ? await this.read.event(eventId) : null;
    if (!event) return { status: 404, body: 'No such event.' };
    const rights = rightsFor(event, await access.community(event.communityId), access.viewer.memberId);
    if (!rights.read || event.status === 'PROPOSED' || event.status === 'DECLINED') return { status: 404, body: 'No such event.' };
    const registered = access.viewer.memberId ? (await this.read.registrationsOf(access.viewer.memberId, [event.id]))[0]?.status === 'REGISTERED' : false;
    return { status: 200, body: buildCalendar([event], { name: event.title, publicUrl: this.deps.publicUrl(), mayJoin: () => registered || rights.edit }) };
  }

  async communityFeed(communityId: string, token: string | undefined, viewer: Viewer = ANONYMOUS): Promise<CalendarAnswer> {
    const access = await this.accessFor(token, viewer);
    if (!access) return { status: 401, body: 'This calendar token is not valid.' };
    const community = isUuid(communityId) ? await access.community(communityId) : null;
    if (!community?.canRead) return { status: 404, body: 'No such community, or it is for members only: subscribe with your calendar token, or sign in.' };
    const events: EventEntity[] = await this.deps.runtime.db.query(
      `SELECT ${this.select} FROM events e WHERE e.community_id = $1 AND e.deleted_at IS NULL AND e.status IN ('SCHEDULED','CANCELLED')
         AND e.starts_at > $4::timestamptz - make_interval(days => $2) ORDER BY e.starts_at, e.id LIMIT $3`,
      [communityId, FEED_DAYS_BACK, FEED_LIMIT, this.deps.runtime.clock.now()],
    );
    const memberId = access.viewer.memberId;
    const registrations = memberId ? await this.read.registrationsOf(memberId, events.map((event) => event.id)) : [];
    const registered = new Set(registrations.filter((r) => r?.status === 'REGISTERED').map((r) => r!.eventId));
    return {
      status: 200,
      body: buildCalendar(events, { name: 'Community events', publicUrl: this.deps.publicUrl(), mayJoin: (event) => registered.has(event.id) || community.canCoordinate || event.organiserId === memberId }),
    };
  }

  async registrationsFeed(token: string): Promise<CalendarAnswer> {
    const memberId = await this.tokens.resolve(token);
    if (!memberId) return { status: 401, body: 'This calendar token is not valid.' };
    const events: (EventEntity & { registrationStatus: string })[] = await this.deps.runtime.db.query(
      `SELECT ${this.select}, r.status AS "registrationStatus" FROM event_registrations r JOIN events e ON e.id = r.event_id
       WHERE r.member_id = $1 AND r.status <> 'CANCELLED' AND e.deleted_at IS NULL AND e.status IN ('SCHEDULED','CANCELLED')
         AND e.starts_at > $4::timestamptz - make_interval(days => $2) ORDER BY e.starts_at, e.id LIMIT $3`,
      [memberId, FEED_DAYS_BACK, FEED_LIMIT, this.deps.runtime.clock.now()],
    );
    return { status: 200, body: buildCalendar(events, { name: 'My events', publicUrl: this.deps.publicUrl(), mayJoin: (event) => (event as typeof events[number]).registrationStatus === 'REGISTERED' }) };
  }

  /**
   * The calendar token's member when a token is given (null for a bad one); otherwise the viewer
   * the gateway vouched for from the request's bearer token, or anonymous.
   */
  private async accessFor(token: string | undefined, viewer: Viewer): Promise<Access | null> {
    if (!token) return new Access(this.deps.accessSource, viewer);
    const memberId = await this.tokens.resolve(token);
    return memberId ? new Access(this.deps.accessSource, memberViewer(memberId, 'api_token', ['read'])) : null;
  }
}
