import { membership, newCast, type Cast } from '@praxis/membership/testing';
import { TestClock } from '@praxis/platform';
import { everyone, startSubgraphTest, viewerMatrix, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import { notifications } from '../testing';

/**
 * Every notifications operation as every kind of viewer. A feed and preferences are the
 * viewer's own: asking for someone else's answers nothing (NONE), never an error that would say
 * whose exists. Unsubscribe needs no sign-in, only a token Praxis signed.
 */
let t: SubgraphTest<typeof notifications, [typeof membership]>;
let cast: Cast;

beforeAll(async () => {
  t = await startSubgraphTest(notifications, { with: [membership], clock: new TestClock() });
  cast = await newCast(t.people);
  await t.factories.drain(t.membership);
});
afterAll(() => t?.stop());

const SIGNED_IN = { ...everyone('OK'), anonymous: 'UNAUTHENTICATED' };
const OWN = { ...everyone('OK'), anonymous: 'NONE' };
const idOf = (kind: ViewerKind) => cast[kind]?.id ?? cast.member.id;
const viewerRef = (memberId: string) => ({ r: [{ __typename: 'Viewer', memberId }] });
const entity = (data: Record<string, unknown>) => (data._entities as (Record<string, unknown> | null)[])[0];

describe('Viewer.notifications, their own', () => {
  viewerMatrix(OWN, (kind) => t.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { notifications { unreadCount nodes { id } } } } }`, viewerRef(idOf(kind)), cast[kind]), (data) =>
    entity(data)?.notifications ? 'OK' : 'NONE',
  );
});

describe("Viewer.notifications, another member's", () => {
  viewerMatrix(everyone('NONE'), (kind) =>
    t.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { notifications { unreadCount } } } }`, viewerRef(kind === 'member' ? cast.moderator.id : cast.member.id), cast[kind]),
    (data) => (entity(data)?.notifications ? 'OK' : 'NONE'),
  );
});

describe('Viewer.notificationPreferences, their own', () => {
  viewerMatrix(OWN, (kind) => t.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { notificationPreferences { digestHour } } } }`, viewerRef(idOf(kind)), cast[kind]), (data) =>
    entity(data)?.notificationPreferences ? 'OK' : 'NONE',
  );
});

describe('notificationPreferences', () => {
  viewerMatrix(SIGNED_IN, (kind) => t.run(`query { notificationPreferences { timeZone } }`, {}, cast[kind]));
});

describe('markNotificationsRead', () => {
  viewerMatrix(SIGNED_IN, (kind) => t.run(`mutation { markNotificationsRead(input: { all: true }) { updated unreadCount } }`, {}, cast[kind]));
});

describe('updateNotificationPreferences', () => {
  viewerMatrix(SIGNED_IN, (kind) => t.run(`mutation { updateNotificationPreferences(input: { digestHour: 9 }) { preferences { digestHour } } }`, {}, cast[kind]));
});

describe('unsubscribe with a token Praxis signed', () => {
  viewerMatrix(everyone('OK'), async (kind) =>
    t.run(`mutation ($token: String!) { unsubscribe(token: $token) { kind digest } }`, { token: await t.running.domain.delivery.unsubscribeToken(cast.member.id, 'MENTION') }, cast[kind]),
  );
});

describe('unsubscribe with a forged token', () => {
  viewerMatrix(everyone('BAD_USER_INPUT'), (kind) => t.run(`mutation { unsubscribe(token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged") { kind digest } }`, {}, cast[kind]));
});

describe('Community.quietMemberCount', () => {
  viewerMatrix({ ...everyone('NONE'), coordinator: 'OK', admin: 'OK' }, (kind) =>
    t.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { quietMemberCount } } }`, { r: [{ __typename: 'Community', id: cast.community.id }] }, cast[kind]),
    (data) => (entity(data)?.quietMemberCount === null ? 'NONE' : 'OK'),
  );
});
