/**
 * Event contracts, one module per publisher. They live in the shared package because they are
 * the interface between services, like a schema registry: a consumer imports the publisher's
 * contract, never its code.
 */
export * as membershipContracts from './membership';
export * as discussionContracts from './discussion';
export * as resourcesContracts from './resources';
export * as eventsContracts from './events';
export { PARTICIPANT_TYPES, type ParticipantType, type MemberAttributes } from './membership';
