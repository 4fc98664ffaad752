import { DateTime } from 'luxon';
import { Access, memberViewer, type SeedContext } from '@praxis/platform';
import type { RunningEvents } from '../index';
import { B6_WORKSHOP } from './catalogue';
import { planEventHistory } from './history';

/** A local time `days` from today at `time`, in a zone, as the API takes it. */
function localIn(zone: string, days: number, time: string): string {
  return `${DateTime.now().setZone(zone).plus({ days }).toFormat('yyyy-LL-dd')}T${time}`;
}

/**
 * Demo events through the domain, as coordinators and members would make them: HPCO's monthly
 * Zoom meetings as series, an Allied Health webinar with CPD hours (and an earlier one with
 * attendance, so the demo member has a CPD log), the B6 conference workshop, and a member's
 * proposal waiting for a coordinator; before them, with the seeding clock, the past 18 months of
 * meetings and webinars (./history.ts). Runs once: it stops if the workshop is there.
 */
export async function seedDemo(running: RunningEvents, context: SeedContext): Promise<void> {
  const { domain, runtime } = running;
  const { manifest } = context;
  const coprod = manifest.communities.coprod;
  if (!coprod) throw new Error('events demo data builds on membership: seed membership first');
  const done = await runtime.db.query(`SELECT 1 FROM events WHERE community_id = $1 AND title = $2`, [coprod.id, B6_WORKSHOP.title]);
  if (done.length > 0) return;
  if (context.clock && context.history !== false) {
    const started = performance.now();
    const history = await planEventHistory(running, context);
    await context.clock.replay(history);
    context.logger.info({ actions: history.length, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'events history written');
  }
  const as = (handle: string) => new Access(domain.deps.accessSource, memberViewer(manifest.members[handle]!));
  const members = (key: string) => (manifest.communityMembers[key] ?? []).filter((id) => id !== manifest.members.coordinator);
  context.progress.start('events demo', 7);

  const hpco = [
    { key: 'hcc-acp', title: 'HCC & ACP CoP monthly meeting', rule: 'FREQ=MONTHLY;BYDAY=2WE', time: ['12:00', '13:00'] },
    { key: 'rhpc', title: 'Rural Hospice Palliative Care CoP monthly meeting', rule: 'FREQ=MONTHLY;BYDAY=3TU', time: ['13:00', '14:00'] },
    { key: 'cc', title: 'Compassionate Communities CoP monthly meeting', rule: 'FREQ=MONTHLY;BYDAY=4TH', time: ['12:30', '13:30'] },
  ];
  for (const series of hpco) {
    const community = manifest.communities[series.key]!;
    const first = await domain.lifecycle.create(as('coordinator'), {
      communityId: community.id,
      title: series.title,
      description: 'Our regular Zoom meeting: news from members, a short presentation and time to share tools and stories. Everyone in the community of practice is welcome.',
      kind: 'ONLINE_MEETING',
      localStart: localIn('America/Toronto', 1, series.time[0]!),
      localEnd: localIn('America/Toronto', 1, series.time[1]!),
      timeZone: 'America/Toronto',
      recurrence: series.rule,
      joinUrl: `https://zoom.example.org/j/${series.key.replace(/-/g, '')}`,
      capacity: 100,
      accessibility: { captions: true },
      tags: ['zoom', 'community of practice'],
    });
    // One member follows the whole series; the others sign up for the next meeting, as most do.
    for (const [index, memberId] of members(series.key).slice(0, 6).entries()) {
      await domain.registrations.register(new Access(domain.deps.accessSource, memberViewer(memberId)), { eventId: first.id, wholeSeries: index === 0 });
    }
    context.progress.increment();
  }

  const aha = manifest.communities['aha-cpd']!;
  const ahaMembers = members('aha-cpd');
  const memberId = manifest.members.member!;
  const webinar = {
    communityId: aha.id,
    kind: 'WEBINAR',
    timeZone: 'Australia/Melbourne',
    joinUrl: 'https://webinars.example.org/aha/cpd',
    cpdHours: 1.5,
    capacity: 80,
    accessibility: { captions: true, interpreter: 'Auslan' },
    tags: ['communication', 'patient care'],
    stream: 'Professional Development',
  };
  const upcoming = await domain.lifecycle.create(as('coordinator'), {
    ...webinar,
    title: 'Communication toolkits for allied health assistants',
    description: 'A practical webinar on the communication toolkits our peers built: handovers, difficult conversations and working with interpreters. **1.5 CPD hours.**',
    localStart: localIn('Australia/Melbourne', 12, '19:00'),
    localEnd: localIn('Australia/Melbourne', 12, '20:30'),
    learningOutcomes: ['Use a structured handover with a supervising clinician.', 'Plan a conversation with an interpreter.'],
    speakers: [{ name: 'Mel Member', role: 'SPEAKER', affiliation: 'Riverside Hospice', memberId }],
  });
  for (const attendee of ahaMembers.slice(0, 10)) await domain.registrations.register(new Access(domain.deps.accessSource, memberViewer(attendee)), { eventId: upcoming.id });
  context.progress.increment();

  // An earlier webinar with attendance: planned ahead, attended, then dated to when it happened.
  const earlier = await domain.lifecycle.create(as('coordinator'), {
    ...webinar,
    title: 'Regulatory compliance in aged care: what changed this year',
    description: 'What the new aged care standards mean for allied health assistants, with case studies from members.',
    localStart: localIn('Australia/Melbourne', 1, '19:00'),
    localEnd: localIn('Australia/Melbourne', 1, '20:00'),
    cpdHours: 1,
  });
  const attendees = [...new Set([memberId, ...ahaMembers.slice(0, 8)])].filter((id) => ahaMembers.includes(id) || id === memberId);
  for (const attendee of attendees) {
    await domain.registrations.register(new Access(domain.deps.accessSource, memberViewer(attendee)), { eventId: earlier.id }).catch(() => undefined);
  }
  await domain.lifecycle.reschedule(as('coordinator'), { id: earlier.id, localStart: localIn('Australia/Melbourne', -30, '19:00'), localEnd: localIn('Australia/Melbourne', -30, '20:00') });
  const registered = await domain.read.eventRegistrations(earlier.id, 'REGISTERED', { limit: 100, backward: false, cursor: null });
  const present = registered.nodes.map((registration) => registration.memberId!).slice(0, 7);
  if (present.length > 0) await domain.attendance.mark(as('coordinator'), { eventId: earlier.id, memberIds: present });
  context.progress.increment();

  await domain.lifecycle.create(as('coordinator'), {
    communityId: coprod.id,
    title: B6_WORKSHOP.title,
    description: B6_WORKSHOP.description,
    kind: 'CONFERENCE_SESSION',
    format: B6_WORKSHOP.format,
    stream: B6_WORKSHOP.stream,
    localStart: B6_WORKSHOP.localStart,
    localEnd: B6_WORKSHOP.localEnd,
    timeZone: B6_WORKSHOP.timeZone,
    venue: B6_WORKSHOP.venue,
    speakers: B6_WORKSHOP.speakers,
    parts: B6_WORKSHOP.parts,
    learningOutcomes: B6_WORKSHOP.parts.flatMap((part) => part.learningOutcomes),
    accessibility: { wheelchairAccess: true, captions: true },
    capacity: 60,
  });
  context.progress.increment();

  await domain.lifecycle.propose(new Access(domain.deps.accessSource, memberViewer(manifest.members.consumer!)), {
    communityId: manifest.communities.hen!.id,
    title: 'Lived experience panel: what good engagement felt like',
    description: 'Consumer and carer representatives share moments when engagement worked, and when it did not. Proposed by a member: organise your own!',
    kind: 'FACE_TO_FACE_MEETING',
    localStart: localIn('Australia/Perth', 40, '10:00'),
    localEnd: localIn('Australia/Perth', 40, '12:00'),
    timeZone: 'Australia/Perth',
    venue: 'Community meeting room, Perth',
    capacity: 30,
    accessibility: { wheelchairAccess: true },
  });
  context.progress.increment();
  context.progress.stop();
}
