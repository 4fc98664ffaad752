import { Readable } from 'node:stream';
import { addDays, busyMoment, historyStart, memberViewer, quietMembers, SeededRandom, type SeedContext, type TimedAction } from '@praxis/platform';
import type { RunningResources } from '../index';
import type { DemoLibrary } from './catalogue';
import { tinyPdf } from './pdf';

const TIME_ZONES: Record<string, string> = { hen: 'Australia/Perth', 'hcc-acp': 'America/Toronto', rhpc: 'America/Toronto', cc: 'America/Toronto', 'aha-cpd': 'Australia/Melbourne', coprod: 'Europe/London', 'coprod-learning': 'Europe/London' };

const SHARED_THINGS = [
  ['Meeting slides', 'Slides from our meeting, shared by the presenter.'],
  ['Case study', 'A de-identified case written up for discussion.'],
  ['Checklist', 'A one-page checklist a member’s team uses every day.'],
  ['Recording', 'The recording of a session, with captions.'],
  ['Article', 'An article a member found useful, with a short note on why.'],
  ['Survey template', 'The survey a member’s service sends after engagement activities.'],
] as const;

const KINDS = { 'Meeting slides': 'DOCUMENT', 'Case study': 'CASE_STUDY', Checklist: 'DOCUMENT', Recording: 'RECORDING', Article: 'ARTICLE', 'Survey template': 'TOOLKIT' } as const;

/**
 * What members added to a library over the demo's history, through the domain at the time: about
 * one resource a month, held for review and decided a few days later where the library is
 * curated, then viewed (and, for documents, downloaded) by members over the following weeks.
 */
export function planLibraryHistory(running: RunningResources, context: SeedContext, library: DemoLibrary): TimedAction[] {
  const { domain } = running;
  const community = context.manifest.communities[library.community]!;
  const random = new SeededRandom(context.randomSeed + 11 + library.community.length);
  const members = context.manifest.communityMembers[library.community] ?? [];
  const quiet = new Set(quietMembers(members));
  const joined = (context.manifest[`joined:${library.community}`] as Record<string, string> | undefined) ?? {};
  const active = members.filter((id) => !quiet.has(id) && joined[id]);
  const zone = TIME_ZONES[library.community] ?? 'UTC';
  const coordinatorId = context.manifest.members.coordinator!;
  const as = (memberId: string) => running.access(memberViewer(memberId));
  const now = new Date();
  const start = addDays(historyStart(now), 20);
  const actions: TimedAction[] = [];
  if (library.curated) actions.push({ at: start, run: () => domain.curation.updateSettings(as(coordinatorId), { communityId: community.id, curated: true }) });

  const count = Math.round(((now.getTime() - start.getTime()) / (30 * 86_400_000)) * 1);
  for (let i = 0; i < count; i += 1) {
    const at = busyMoment(random, addDays(start, 1), addDays(now, -3), zone);
    const contributors = active.filter((id) => new Date(joined[id]!) < at);
    if (contributors.length === 0) continue;
    const contributorId = random.pick(contributors);
    const [label, summary] = random.pick(SHARED_THINGS);
    const kind = KINDS[label];
    const state = { id: '', status: '' };
    actions.push({
      at,
      run: async () => {
        const access = as(contributorId);
        let uploadId: string | undefined;
        if (kind === 'DOCUMENT') {
          const bytes = tinyPdf(`${label}: ${summary}`);
          const upload = await domain.files.createUpload(access, { communityId: community.id, fileName: `${label.toLowerCase().replace(/ /g, '-')}-${i + 1}.pdf`, byteSize: bytes.length });
          await domain.files.receive(upload.id, Readable.from([bytes]), bytes.length);
          uploadId = upload.id;
        }
        const resource = await domain.contributions.create(access, {
          communityId: community.id,
          title: `${label} ${i + 1}: ${random.pick(['getting started', 'what we learned', 'for new members', 'in practice', 'a second look'])}`,
          summary,
          kind,
          audience: random.pick(['STAFF', 'EVERYONE', 'CONSUMERS_AND_CARERS'] as const),
          topicIds: [],
          tagIds: [],
          ...(uploadId ? { uploadId } : { url: `https://library.example.org/${library.community}/${i + 1}` }),
        });
        state.id = resource.id;
        state.status = resource.status;
      },
    });
    let publishedAt = at;
    if (library.curated && contributorId !== coordinatorId) {
      publishedAt = addDays(at, random.int(1, 5));
      const reject = random.chance(0.15);
      actions.push({
        at: publishedAt,
        run: async () => {
          // Moderators' own contributions are published without review.
          if (state.status !== 'PENDING_REVIEW') return;
          state.status = reject ? 'REJECTED' : 'PUBLISHED';
          if (reject) await domain.curation.reject(as(coordinatorId), { resourceId: state.id, reason: 'Thank you: this one is close to a resource we have already. Could you add what is different about it?' });
          else await domain.curation.approve(as(coordinatorId), { resourceId: state.id });
        },
      });
    }
    for (const readerId of random.sample(active, random.int(1, Math.min(5, active.length)))) {
      const readAt = addDays(publishedAt, random.next() * 40);
      if (readAt >= now || new Date(joined[readerId]!) > readAt) continue;
      actions.push({
        at: readAt,
        run: async () => {
          if (state.status !== 'PUBLISHED') return;
          await domain.engagement.recordView(as(readerId), { resourceId: state.id });
          if (uploadOf(kind) && random.chance(0.6)) {
            const [resource] = await domain.read.resources([state.id]);
            await domain.engagement.count('downloads', resource!, readerId);
          }
        },
      });
    }
  }
  // Curation as the library keeps it today is set again with today's catalogue.
  if (library.curated) actions.push({ at: addDays(now, -0.5), run: () => domain.curation.updateSettings(as(coordinatorId), { communityId: community.id, curated: false }) });
  return actions;
}

const uploadOf = (kind: string) => kind === 'DOCUMENT';
