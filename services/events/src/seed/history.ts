import { DateTime } from 'luxon';
import { Access, addDays, busyMoment, historyStart, localTime, quietMembers, memberViewer, monthlyOccurrences, SeededRandom, summerMonths, type SeedContext, type TimedAction } from '@praxis/platform';
import type { RunningEvents } from '../index';

/** The regular meetings each demo community held over the demo's history, as its seed describes. */
const RHYTHMS: Record<string, { zone: string; kind: 'ONLINE_MEETING' | 'WEBINAR' | 'FACE_TO_FACE_MEETING' | 'WORKSHOP'; rule: { nth: number; weekday: number; time: string }; hours: number; title: string; capacity: number; cpdHours?: number; everyOther?: boolean }> = {
  'hcc-acp': { zone: 'America/Toronto', kind: 'ONLINE_MEETING', rule: { nth: 2, weekday: 3, time: '12:00' }, hours: 1, title: 'HCC & ACP CoP monthly meeting', capacity: 100 },
  rhpc: { zone: 'America/Toronto', kind: 'ONLINE_MEETING', rule: { nth: 3, weekday: 2, time: '13:00' }, hours: 1, title: 'Rural Hospice Palliative Care CoP monthly meeting', capacity: 100 },
  cc: { zone: 'America/Toronto', kind: 'ONLINE_MEETING', rule: { nth: 4, weekday: 4, time: '12:30' }, hours: 1, title: 'Compassionate Communities CoP monthly meeting', capacity: 100 },
  'aha-cpd': { zone: 'Australia/Melbourne', kind: 'WEBINAR', rule: { nth: 3, weekday: 2, time: '19:00' }, hours: 1, title: 'AHA monthly CPD webinar', capacity: 5, cpdHours: 1 },
  hen: { zone: 'Australia/Perth', kind: 'ONLINE_MEETING', rule: { nth: 1, weekday: 4, time: '10:00' }, hours: 1.5, title: 'Health Engagement Network catch-up', capacity: 12 },
  coprod: { zone: 'Europe/London', kind: 'WORKSHOP', rule: { nth: 2, weekday: 4, time: '14:00' }, hours: 2, title: 'Co-production practice workshop', capacity: 12, everyOther: true },
  'coprod-learning': { zone: 'Europe/London', kind: 'WORKSHOP', rule: { nth: 4, weekday: 2, time: '10:00' }, hours: 3, title: 'Co-productive learning workshop', capacity: 10, everyOther: true },
};

const TOPICS: Record<string, string[]> = {
  'aha-cpd': ['Patient care', 'Communication with supervising clinicians', 'Healthcare technology', 'Regulatory compliance', 'Aged care', 'Mental health', 'Paediatric practice'],
  default: ['Members’ news and a short presentation', 'Tools and stories', 'Learning from what did not work', 'Planning the year'],
};

/**
 * The past meetings and webinars of the demo communities, written through the domain at the
 * moments they happened: announced three weeks ahead, registrations as people found them (a
 * waitlist when the room was full), attendance marked after, with CPD hours for webinars.
 * The summer holidays of each network's hemisphere have a meeting less. Members who keep quiet
 * take no part.
 */
export async function planEventHistory(running: RunningEvents, context: SeedContext): Promise<TimedAction[]> {
  const { domain } = running;
  const { manifest } = context;
  const random = new SeededRandom(context.randomSeed + 5);
  const now = new Date();
  const start = addDays(historyStart(now), 30);
  const actions: TimedAction[] = [];
  const as = (memberId: string) => new Access(domain.deps.accessSource, memberViewer(memberId));
  const coordinatorId = manifest.members.coordinator!;
  for (const [key, rhythm] of Object.entries(RHYTHMS)) {
    const community = manifest.communities[key];
    if (!community) continue;
    const joined = (manifest[`joined:${key}`] as Record<string, string> | undefined) ?? {};
    const people = activeMembers(context, key).filter((id) => id !== coordinatorId);
    // The middle month of the summer holidays (January or August) has no meeting.
    const holiday = summerMonths(rhythm.zone)[1];
    const occurrences = monthlyOccurrences(start, addDays(now, -2), rhythm.zone, rhythm.rule).filter(
      (at, index) => (!rhythm.everyOther || index % 2 === 0) && DateTime.fromJSDate(at, { zone: rhythm.zone }).month !== holiday,
    );
    for (const [index, startsAt] of occurrences.entries()) {
      const topics = TOPICS[key] ?? TOPICS.default!;
      const topic = topics[index % topics.length]!;
      const endsAt = new Date(startsAt.getTime() + rhythm.hours * 3_600_000);
      const announced = addDays(startsAt, -21);
      let eventId = '';
      actions.push({
        at: announced,
        run: async () => {
          eventId = (
            await domain.lifecycle.create(as(coordinatorId), {
              communityId: community.id,
              title: `${rhythm.title}: ${topic}`,
              description: `${topic}. Everyone in the community is welcome.${rhythm.cpdHours ? ` **${rhythm.cpdHours} CPD hour.**` : ''}`,
              kind: rhythm.kind,
              localStart: localTime(startsAt, rhythm.zone),
              localEnd: localTime(endsAt, rhythm.zone),
              timeZone: rhythm.zone,
              capacity: rhythm.capacity,
              ...(rhythm.kind === 'WORKSHOP' ? { venue: 'Community meeting room' } : { joinUrl: `https://meet.example.org/${key}` }),
              ...(rhythm.cpdHours ? { cpdHours: rhythm.cpdHours } : {}),
            })
          ).id;
        },
      });
      const eligible = people.filter((id) => joined[id] && new Date(joined[id]!) < addDays(announced, 1));
      const coming = random.sample(eligible, Math.round(eligible.length * (0.3 + random.next() * 0.3)));
      for (const memberId of coming) {
        actions.push({ at: busyMoment(random, addDays(announced, 1), addDays(startsAt, -0.1), rhythm.zone), run: () => domain.registrations.register(as(memberId), { eventId }) });
      }
      actions.push({
        at: addDays(endsAt, 0.1),
        run: async () => {
          const registered = await domain.read.eventRegistrations(eventId, 'REGISTERED', { limit: 200, backward: false, cursor: null });
          const present = registered.nodes.map((registration) => registration.memberId!).filter(() => random.chance(0.8));
          if (present.length > 0) await domain.attendance.mark(as(coordinatorId), { eventId, memberIds: present });
        },
      });
    }
  }
  return actions;
}

function activeMembers(context: SeedContext, key: string): string[] {
  const quiet = new Set(quietMembers(context.manifest.communityMembers[key] ?? []));
  return (context.manifest.communityMembers[key] ?? []).filter((id) => !quiet.has(id));
}
