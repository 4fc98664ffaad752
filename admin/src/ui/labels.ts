const PARTICIPANT_TYPES: Record<string, string> = {
  STAFF: 'Staff',
  CONSUMER_REPRESENTATIVE: 'Consumer representative',
  CARER_REPRESENTATIVE: 'Carer representative',
  VOLUNTEER: 'Volunteer',
  PRACTITIONER: 'Practitioner',
  OTHER: 'Other',
};

const ROLES: Record<string, string> = { MEMBER: 'Member', MODERATOR: 'Moderator', COORDINATOR: 'Coordinator' };

export const ROLE_OPTIONS = Object.entries(ROLES).map(([value, label]) => ({ value, label }));
export const PARTICIPANT_TYPE_OPTIONS = Object.entries(PARTICIPANT_TYPES).map(([value, label]) => ({ value, label }));

export function participantTypeLabel(value: string | null | undefined): string | null {
  return value ? (PARTICIPANT_TYPES[value] ?? value) : null;
}

export function roleLabel(value: string | null | undefined): string {
  return value ? (ROLES[value] ?? value) : '';
}
