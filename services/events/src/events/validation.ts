import { z } from 'zod';
import { isUuid, text } from '@praxis/platform';
import type { EventKind, RegistrationPolicy, SpeakerRole, StoredPart, StoredSpeaker } from '../entities';
import { isLocalTime, isTimeZone, ruleProblem } from './times';

export { isUuid };

// The platform's free-text rules, so a limit reads the same in every subgraph.
const { trimmed, optional } = text;

export const KINDS = ['WEBINAR', 'ONLINE_MEETING', 'WORKSHOP', 'CONFERENCE_SESSION', 'FACE_TO_FACE_MEETING'] as const satisfies readonly EventKind[];
const ROLES = ['CHAIR', 'SPEAKER', 'FACILITATOR', 'PANELLIST', 'HOST'] as const satisfies readonly SpeakerRole[];
const POLICIES = ['MEMBERS_ONLY', 'SIGNED_IN'] as const satisfies readonly RegistrationPolicy[];

export const localTimeSchema = z.string().refine(isLocalTime, 'Use a local date and time such as 2026-03-03T19:00.');
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'Use an IANA time zone such as America/Toronto.');
export const recurrenceSchema = z
  .string()
  .transform((value) => value.trim().replace(/^RRULE:/i, '').toUpperCase())
  .superRefine((value, context) => {
    const problem = ruleProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
const idSchema = z.string().refine(isUuid, 'Not a valid id.');
const instant = z.date().nullish();
const urlSchema = z
  .string()
  .trim()
  .max(2000, 'A link can have at most 2,000 characters.')
  .refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), 'Use an http or https link.')
  .transform((value) => (value === '' ? null : value))
  .nullish();
const tagsSchema = z
  .array(trimmed(1, 40, 'A tag').transform((tag) => tag.toLowerCase()))
  .max(20, 'An event has at most 20 tags.')
  .transform((tags) => [...new Set(tags)]);
const outcomesSchema = z.array(trimmed(1, 500, 'A learning outcome')).max(20, 'At most 20 learning outcomes.');

const speakerSchema = z.object({
  name: trimmed(1, 120, 'A name'),
  role: z.enum(ROLES).nullish(),
  affiliation: optional(200, 'An affiliation'),
  partNumber: z.number().int().min(1).max(20).nullish(),
  memberId: idSchema.nullish(),
});
const partSchema = z.object({
  title: trimmed(1, 300, 'A part title'),
  description: optional(10_000, 'A part description'),
  learningOutcomes: outcomesSchema.nullish(),
});
const accessibilitySchema = z.object({
  captions: z.boolean().nullish(),
  wheelchairAccess: z.boolean().nullish(),
  interpreter: optional(120, 'Interpreting'),
  notes: optional(2000, 'Accessibility notes'),
});

/** The details an event has whatever its times: what a series' occurrences copy. */
export interface EventDetails {
  title: string;
  description: string;
  kind: EventKind;
  format: string | null;
  stream: string | null;
  tags: string[];
  venue: string | null;
  joinUrl: string | null;
  speakers: StoredSpeaker[];
  parts: StoredPart[];
  learningOutcomes: string[];
  cpdHours: number;
  captions: boolean;
  wheelchairAccess: boolean;
  interpreter: string | null;
  accessibilityNotes: string | null;
  capacity: number | null;
  registrationPolicy: RegistrationPolicy;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
}

const detailFields = {
  title: trimmed(1, 200, 'The title'),
  description: z.string().max(20_000, 'The description can have at most 20,000 characters.').nullish(),
  kind: z.enum(KINDS),
  format: optional(80, 'The format'),
  stream: optional(80, 'The stream'),
  tags: tagsSchema.nullish(),
  venue: optional(500, 'The venue'),
  joinUrl: urlSchema,
  speakers: z.array(speakerSchema).max(50, 'At most 50 people on the programme.').nullish(),
  parts: z.array(partSchema).max(20, 'At most 20 parts.').nullish(),
  learningOutcomes: outcomesSchema.nullish(),
  cpdHours: z.number().min(0, 'CPD hours cannot be negative.').max(100, 'At most 100 CPD hours.').nullish(),
  accessibility: accessibilitySchema.nullish(),
  capacity: z.number().int('Capacity is a whole number.').min(0, 'Capacity cannot be negative.').max(100_000, 'At most 100,000 places.').nullish(),
  registrationPolicy: z.enum(POLICIES).nullish(),
  registrationOpensAt: instant,
  registrationClosesAt: instant,
};

export const createEventSchema = z
  .object({
    // The community is the target: a malformed id is NOT_FOUND like an unknown one (ADR 8).
    communityId: z.string(),
    localStart: localTimeSchema,
    localEnd: localTimeSchema,
    timeZone: timeZoneSchema,
    recurrence: recurrenceSchema.nullish(),
    ...detailFields,
  })
  .superRefine(checkParts);

export const updateEventSchema = z
  .object(detailFields)
  .partial()
  .extend({ id: z.string(), applyToSeries: z.boolean().nullish() })
  .superRefine(checkParts);

export const rescheduleSchema = z.object({ id: z.string(), localStart: localTimeSchema, localEnd: localTimeSchema, timeZone: timeZoneSchema.nullish() });

function checkParts(value: { parts?: unknown[] | null; speakers?: { partNumber?: number | null }[] | null; registrationOpensAt?: Date | null; registrationClosesAt?: Date | null }, context: z.RefinementCtx): void {
  const partCount = value.parts?.length ?? 0;
  value.speakers?.forEach((speaker, index) => {
    if (speaker.partNumber != null && value.parts !== undefined && speaker.partNumber > partCount) {
      context.addIssue({ code: 'custom', path: ['speakers', index, 'partNumber'], message: `There is no part ${speaker.partNumber}.` });
    }
  });
  if (value.registrationOpensAt && value.registrationClosesAt && value.registrationOpensAt >= value.registrationClosesAt) {
    context.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'Registration must close after it opens.' });
  }
}

type DetailInput = Partial<z.infer<z.ZodObject<typeof detailFields>>>;

/** Fills a validated create input's details, with defaults. */
export function detailsFrom(input: DetailInput & { title: string; kind: EventKind }): EventDetails {
  return {
    title: input.title,
    description: input.description ?? '',
    kind: input.kind,
    format: input.format ?? null,
    stream: input.stream ?? null,
    tags: input.tags ?? [],
    venue: input.venue ?? null,
    joinUrl: input.joinUrl ?? null,
    speakers: (input.speakers ?? []).map(storedSpeaker),
    parts: (input.parts ?? []).map(storedPart),
    learningOutcomes: input.learningOutcomes ?? [],
    cpdHours: input.cpdHours ?? 0,
    captions: input.accessibility?.captions ?? false,
    wheelchairAccess: input.accessibility?.wheelchairAccess ?? false,
    interpreter: input.accessibility?.interpreter ?? null,
    accessibilityNotes: input.accessibility?.notes ?? null,
    capacity: input.capacity ?? null,
    registrationPolicy: input.registrationPolicy ?? 'MEMBERS_ONLY',
    registrationOpensAt: input.registrationOpensAt ?? null,
    registrationClosesAt: input.registrationClosesAt ?? null,
  };
}

/** Applies a validated update to existing details: omitted fields stay, null clears. */
export function applyPatch(current: EventDetails, patch: DetailInput): EventDetails {
  const has = (key: keyof DetailInput) => Object.prototype.hasOwnProperty.call(patch, key) && patch[key] !== undefined;
  const next = { ...current };
  if (has('title') && patch.title) next.title = patch.title;
  if (has('description')) next.description = patch.description ?? '';
  if (has('kind') && patch.kind) next.kind = patch.kind;
  if (has('format')) next.format = patch.format ?? null;
  if (has('stream')) next.stream = patch.stream ?? null;
  if (has('tags')) next.tags = patch.tags ?? [];
  if (has('venue')) next.venue = patch.venue ?? null;
  if (has('joinUrl')) next.joinUrl = patch.joinUrl ?? null;
  if (has('speakers')) next.speakers = (patch.speakers ?? []).map(storedSpeaker);
  if (has('parts')) next.parts = (patch.parts ?? []).map(storedPart);
  if (has('learningOutcomes')) next.learningOutcomes = patch.learningOutcomes ?? [];
  if (has('cpdHours')) next.cpdHours = patch.cpdHours ?? 0;
  if (has('accessibility')) {
    next.captions = patch.accessibility?.captions ?? false;
    next.wheelchairAccess = patch.accessibility?.wheelchairAccess ?? false;
    next.interpreter = patch.accessibility?.interpreter ?? null;
    next.accessibilityNotes = patch.accessibility?.notes ?? null;
  }
  if (has('capacity') || (Object.prototype.hasOwnProperty.call(patch, 'capacity') && patch.capacity === null)) next.capacity = patch.capacity ?? null;
  if (has('registrationPolicy') && patch.registrationPolicy) next.registrationPolicy = patch.registrationPolicy;
  if (has('registrationOpensAt') || patch.registrationOpensAt === null) next.registrationOpensAt = patch.registrationOpensAt ?? null;
  if (has('registrationClosesAt') || patch.registrationClosesAt === null) next.registrationClosesAt = patch.registrationClosesAt ?? null;
  return next;
}

function storedSpeaker(speaker: z.infer<typeof speakerSchema>): StoredSpeaker {
  return { name: speaker.name, role: speaker.role ?? 'SPEAKER', affiliation: speaker.affiliation ?? null, partNumber: speaker.partNumber ?? null, memberId: speaker.memberId ?? null };
}

function storedPart(part: z.infer<typeof partSchema>): StoredPart {
  return { title: part.title, description: part.description ?? null, learningOutcomes: part.learningOutcomes ?? [] };
}

export const reasonSchema = (required: boolean) => (required ? trimmed(1, 2000, 'The reason') : optional(2000, 'The reason'));
export const attendanceSchema = z.object({
  eventId: z.string(),
  memberIds: z.array(idSchema).min(1, 'Name at least one member.').max(500, 'At most 500 members at once.'),
  attended: z.boolean().nullish(),
});
