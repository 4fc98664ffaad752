/** Vocabulary for generated scale posts: enough real words that search has something to rank. */
export const FORUM_NAMES = ['Introductions', 'Webinar follow-up', 'Case scenarios', 'Practice questions', 'Research and evidence', 'Events and workshops', 'Resources and tools', 'Off topic'];

export const TAGS = ['palliative', 'consent', 'co-design', 'aged-care', 'mental-health', 'paediatrics', 'rural', 'carers', 'volunteers', 'telehealth', 'evaluation', 'workforce', 'grief', 'communication', 'safety'];

export const OPENERS = ['Questions about', 'Experiences with', 'Help needed with', 'Reflections on', 'A case scenario on', 'Resources for', 'Lessons learned from', 'Thoughts on', 'Evidence for', 'Getting started with'];

export const TITLE_SUBJECTS = [
  'advance care planning conversations',
  'consumer representatives on committees',
  'carer involvement in discharge planning',
  'falls prevention in aged care',
  'telehealth for rural palliative care',
  'co-design workshops with service users',
  'briefing new volunteers',
  'health care consent and capacity',
  'grief support groups',
  'communication toolkits for assistants',
  'paediatric therapy at home',
  'measuring engagement outcomes',
  'supervision of allied health assistants',
  'after-hours symptom management',
  'theatre-based learning sessions',
  'patient safety research partnerships',
  'compassionate community projects',
  'interpreters and culturally safe care',
  'burnout in small rural teams',
  'feedback from consumer surveys',
];

export const WORDS = [
  'patient', 'carer', 'family', 'consumer', 'representative', 'volunteer', 'nurse', 'physician', 'therapist', 'assistant',
  'coordinator', 'team', 'service', 'hospital', 'clinic', 'community', 'network', 'program', 'workshop', 'webinar',
  'meeting', 'session', 'survey', 'feedback', 'evaluation', 'evidence', 'research', 'practice', 'guideline', 'framework',
  'toolkit', 'resource', 'checklist', 'plan', 'goal', 'outcome', 'measure', 'quality', 'safety', 'risk',
  'consent', 'capacity', 'decision', 'wishes', 'values', 'preferences', 'choice', 'dignity', 'comfort', 'pain',
  'symptom', 'medication', 'sedation', 'palliative', 'hospice', 'end-of-life', 'grief', 'bereavement', 'support', 'wellbeing',
  'engagement', 'involvement', 'participation', 'co-design', 'co-production', 'partnership', 'dialogue', 'narrative', 'story', 'experience',
  'rural', 'remote', 'regional', 'metropolitan', 'distance', 'travel', 'telehealth', 'video', 'phone', 'online',
  'aged', 'care', 'home', 'residential', 'paediatric', 'child', 'parent', 'school', 'mental', 'health',
  'communication', 'listening', 'trust', 'respect', 'culture', 'language', 'interpreter', 'inclusion', 'equity', 'access',
  'training', 'supervision', 'learning', 'reflection', 'mentoring', 'competence', 'confidence', 'workload', 'burnout', 'resilience',
  'referral', 'discharge', 'handover', 'assessment', 'review', 'follow-up', 'appointment', 'waiting', 'delay', 'funding',
  'we', 'they', 'our', 'their', 'often', 'sometimes', 'usually', 'rarely', 'always', 'never',
  'asked', 'shared', 'tried', 'found', 'learned', 'noticed', 'changed', 'improved', 'struggled', 'managed',
  'with', 'for', 'about', 'after', 'before', 'during', 'without', 'between', 'through', 'across',
  'helpful', 'difficult', 'simple', 'clear', 'useful', 'practical', 'important', 'early', 'late', 'better',
];
