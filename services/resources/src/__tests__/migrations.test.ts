import { expectMigrationsRoundTrip } from '@praxis/platform/testing';
import { service } from '../index';

expectMigrationsRoundTrip(service, {
  migrated: (schema) => {
    expect(schema.tables).toEqual(
      expect.arrayContaining(['resources', 'resource_files', 'resource_topics', 'resource_tags', 'resource_revisions', 'library_tags', 'topic_terms', 'event_refs', 'report_member_types', 'report_member_profiles']),
    );
    expect(schema.columns).toEqual(expect.arrayContaining(['resources.submitted_community_id', 'resource_helpful_marks.former_participant_type']));
    expect(schema.indexes).toEqual(expect.arrayContaining(['resources_report_community', 'resources_report_network', 'resource_helpful_marks_report_network']));
    expect(schema.indexes).not.toContain('resources_submitted');
  },
  reverted: {
    ResourcesReportIndexes1764000000300: (schema) => {
      expect(schema.indexes).toEqual(expect.arrayContaining(['resources_submitted', 'resource_helpful_marks_network', 'resource_helpful_marks_community']));
      expect(schema.indexes).not.toContain('resources_report_community');
    },
    ReportMemberPieces1764000000000: (schema) => expect(schema.tables).not.toContain('report_member_pieces'),
    ResourcesReports1763900000300: (schema) => {
      expect(schema.columns).not.toContain('resources.submitted_community_id');
      expect(schema.indexes).not.toContain('resource_helpful_marks_network');
    },
    ReportMemberAttributes1763900000000: (schema) => expect(schema.tables).not.toContain('report_member_types'),
    // The platform's outbox and consumer positions belong to the migration before the library's own.
    ResourcesInitial1763800300000: (schema) => expect(schema.tables).toEqual(['event_positions', 'outbox']),
  },
});
