import type { ParticipantType } from '@praxis/platform';

/**
 * The demo networks and communities, drawn from the five network descriptions in
 * shared/seeds. Wording is paraphrased from them; the people are fictional.
 */
export interface CommunitySeed {
  key: string;
  slug: string;
  name: string;
  domainStatement: string;
  description: string;
  aims?: string;
  visibility: 'PUBLIC' | 'MEMBERS_ONLY';
  joinPolicy: 'OPEN' | 'APPROVAL' | 'INVITATION';
  contactEmail?: string;
  questions?: { prompt: string; required: boolean }[];
  /** How many members, and in what mix of participant types. */
  mix: Partial<Record<ParticipantType, number>>;
  pendingRequests: number;
}

export interface NetworkSeed {
  key: string;
  slug: string;
  name: string;
  description: string;
  timeZone: string;
  professions: string[];
  regions: string[];
  topics: string[];
  communities: CommunitySeed[];
}

const commonProfessions = [
  'Allied health assistant',
  'Consumer engagement officer',
  'Dietitian',
  'General practitioner',
  'Health service manager',
  'Nurse',
  'Occupational therapist',
  'Palliative care physician',
  'Pharmacist',
  'Physiotherapist',
  'Researcher',
  'Social worker',
  'Speech pathologist',
  'Volunteer coordinator',
];

export const NETWORKS: NetworkSeed[] = [
  {
    key: 'hen',
    slug: 'health-engagement-network',
    name: 'Health Engagement Network',
    description:
      'An emerging community of practice for staff and consumer and carer representatives involved in consumer and carer engagement across the health system in Western Australia. Supported by the Health Consumers’ Council and the WA Primary Health Alliance.',
    timeZone: 'Australia/Perth',
    professions: commonProfessions,
    regions: ['Perth metropolitan', 'South West', 'Wheatbelt', 'Great Southern', 'Goldfields-Esperance', 'Mid West', 'Pilbara', 'Kimberley'],
    topics: ['Consumer and carer engagement', 'Engagement frameworks', 'Co-design', 'Primary care', 'Hospital services', 'Community services', 'Survey results', 'Learning from failures'],
    communities: [
      {
        key: 'hen',
        slug: 'health-engagement-network',
        name: 'Health Engagement Network',
        domainStatement: 'The practice of engaging consumers and carers in health in Western Australia.',
        description:
          'Connect and share to improve the practice of engaging consumers and carers in health. Staff and consumer and carer representatives share information, resources and experiences of consumer, carer and community engagement — including epic failures and learning opportunities — across primary, community and hospital services.',
        aims: 'Promote best practice and build capability in consumer and carer engagement and participation across the health sector in WA.',
        visibility: 'MEMBERS_ONLY',
        joinPolicy: 'APPROVAL',
        contactEmail: 'network@hen.example.org',
        questions: [
          { prompt: 'What is your connection to consumer and carer engagement in WA health?', required: true },
          { prompt: 'What would you most like to get from the Network?', required: false },
        ],
        // Enough staff and consumer and carer representatives that the report's comparison of
        // the two shows figures above the suppression threshold in most quarters.
        mix: { STAFF: 11, CONSUMER_REPRESENTATIVE: 9, CARER_REPRESENTATIVE: 7, VOLUNTEER: 3 },
        pendingRequests: 3,
      },
    ],
  },
  {
    key: 'hpco',
    slug: 'hpco',
    name: 'Hospice Palliative Care Ontario',
    description:
      'HPCO hosts communities of practice that meet regularly over Zoom to share knowledge and tools and to take part in presentations and webinars, with the chance to connect in person at the annual conference.',
    timeZone: 'America/Toronto',
    professions: commonProfessions,
    regions: ['Toronto', 'Central Ontario', 'Eastern Ontario', 'Northern Ontario', 'Southwestern Ontario'],
    topics: ['Advance care planning', 'Health care consent', 'Rural palliative care', 'Compassionate communities', 'Grief and bereavement', 'Volunteering'],
    communities: [
      {
        key: 'hcc-acp',
        slug: 'hcc-acp',
        name: 'Health Care Consent and Advance Care Planning',
        domainStatement: 'Health care consent and advance care planning in Ontario.',
        description: 'Practitioners and volunteers improving how health care consent and advance care planning are done, through shared tools, stories and monthly meetings.',
        visibility: 'PUBLIC',
        joinPolicy: 'APPROVAL',
        contactEmail: 'cop@hpco.example.org',
        questions: [{ prompt: 'Which organisation do you work or volunteer with?', required: true }],
        mix: { PRACTITIONER: 6, STAFF: 3, VOLUNTEER: 3, CARER_REPRESENTATIVE: 1 },
        pendingRequests: 2,
      },
      {
        key: 'rhpc',
        slug: 'rural-hospice-palliative-care',
        name: 'Rural Hospice Palliative Care',
        domainStatement: 'Hospice palliative care in rural and remote communities.',
        description: 'For those delivering hospice palliative care far from urban centres: distance, small teams and community connections.',
        visibility: 'MEMBERS_ONLY',
        joinPolicy: 'APPROVAL',
        contactEmail: 'cop@hpco.example.org',
        questions: [{ prompt: 'Which rural community do you serve?', required: false }],
        mix: { PRACTITIONER: 5, VOLUNTEER: 3, STAFF: 2 },
        pendingRequests: 1,
      },
      {
        key: 'cc',
        slug: 'compassionate-communities',
        name: 'Compassionate Communities',
        domainStatement: 'Communities that care for people who are dying, caring or grieving.',
        description: 'Building compassionate communities in which neighbours, workplaces and services support people at the end of life.',
        visibility: 'PUBLIC',
        joinPolicy: 'OPEN',
        contactEmail: 'cop@hpco.example.org',
        mix: { VOLUNTEER: 4, PRACTITIONER: 3, CARER_REPRESENTATIVE: 2, CONSUMER_REPRESENTATIVE: 2, STAFF: 1 },
        pendingRequests: 0,
      },
    ],
  },
  {
    key: 'aha',
    slug: 'allied-health-academy',
    name: 'The Allied Health Academy',
    description: 'A professional development platform hosting communities of practice across the allied health disciplines, from allied health assistants to advanced clinical practitioners.',
    timeZone: 'Australia/Melbourne',
    professions: ['Allied health assistant', 'Dietitian', 'Exercise physiologist', 'Occupational therapist', 'Physiotherapist', 'Podiatrist', 'Psychologist', 'Social worker', 'Speech pathologist', 'Advanced clinical practitioner'],
    regions: ['New South Wales', 'Victoria', 'Queensland', 'Western Australia', 'South Australia', 'Tasmania', 'Australian Capital Territory', 'Northern Territory', 'International'],
    topics: ['Community of Practice', 'News', 'Professional Development', 'Entrepreneurship', 'Leadership', 'Patient care', 'Communication', 'Healthcare technology', 'Regulatory compliance', 'Aged care', 'Mental health', 'Paediatrics'],
    communities: [
      {
        key: 'aha-cpd',
        slug: 'aha-cpd',
        name: 'Allied Health Assistant CPD Community of Practice',
        domainStatement: 'Continuing professional development for allied health assistants.',
        description:
          'An interactive program with a flexible learning environment: monthly webinars on patient care, communication, healthcare technology and regulatory compliance, online case studies and communication toolkits, many developed by local and international peers.',
        aims: 'Share and create knowledge, solve problems together, promote best practice, foster innovation and support individual professional growth.',
        visibility: 'MEMBERS_ONLY',
        joinPolicy: 'APPROVAL',
        contactEmail: 'community@aha.example.org',
        questions: [
          { prompt: 'Which practice area do you work in (aged care, inpatient, mental health, private practice, paediatrics)?', required: true },
          { prompt: 'What would you like to improve in your workplace?', required: false },
        ],
        mix: { STAFF: 4, PRACTITIONER: 8 },
        pendingRequests: 2,
      },
    ],
  },
  {
    key: 'coprod',
    slug: 'co-production-network',
    name: 'Co-production practitioners network',
    description: 'A network for co-production practitioners: service users, carers, health professionals, community and voluntary organisations, policy makers and academics.',
    timeZone: 'Europe/London',
    professions: [...commonProfessions, 'Community development worker', 'Patient and public involvement lead', 'Policy maker'],
    regions: ['North Central London', 'North East London', 'North West London', 'South East London', 'South West London', 'Outside London'],
    topics: ['Co-production', 'Narrative and dialogue', 'Theatre-based learning', 'Organisational culture', 'Patient involvement', 'Health inequalities'],
    communities: [
      {
        key: 'coprod',
        slug: 'co-production-practitioners',
        name: 'Co-production practitioners',
        domainStatement: 'Co-production in health and care: recognising every form of expertise, including lived experience.',
        description: 'Share stories, challenges and opportunities of co-production in health and care. Anyone can read; members add comments.',
        visibility: 'PUBLIC',
        joinPolicy: 'OPEN',
        mix: { CONSUMER_REPRESENTATIVE: 4, CARER_REPRESENTATIVE: 2, STAFF: 4, VOLUNTEER: 2, OTHER: 1 },
        pendingRequests: 0,
      },
      {
        key: 'coprod-learning',
        slug: 'co-productive-learning',
        name: 'Co-productive Learning for Better Health',
        domainStatement: 'Theatre-based dialogue and co-productive learning workshops for changing practice.',
        description: 'Partners piloting co-productive learning workshops in London, reviewing what emerges from them, and building online resources with workshop participants and expert patients.',
        visibility: 'MEMBERS_ONLY',
        joinPolicy: 'APPROVAL',
        questions: [{ prompt: 'Which organisation or community group are you with?', required: false }],
        mix: { CONSUMER_REPRESENTATIVE: 3, STAFF: 3, CARER_REPRESENTATIVE: 1 },
        pendingRequests: 2,
      },
    ],
  },
];

export const FIRST_NAMES = [
  'Ada', 'Amara', 'Anika', 'Ari', 'Bea', 'Bram', 'Cato', 'Dara', 'Eli', 'Elin', 'Emeka', 'Esme', 'Farah', 'Finn', 'Gia', 'Hana',
  'Ines', 'Ira', 'Jasper', 'Juno', 'Kai', 'Keira', 'Laila', 'Leo', 'Mara', 'Mika', 'Nadia', 'Niko', 'Noor', 'Oren', 'Pia', 'Quinn',
  'Rafa', 'Remy', 'Rosa', 'Sami', 'Sena', 'Tala', 'Teo', 'Uma', 'Vera', 'Wren', 'Yara', 'Zane', 'Zoe', 'Malik', 'Iris', 'Tomas',
];

export const LAST_NAMES = [
  'Abara', 'Bellweather', 'Castellan', 'Duvall', 'Eskander', 'Fairholm', 'Galloway', 'Hartigan', 'Ilsley', 'Jarrow', 'Kestrel', 'Lindqvist',
  'Marchetti', 'Nakamura-Hale', 'Okonkwo-Reid', 'Pemberton', 'Quaye', 'Rosales', 'Sandoval', 'Thistlewood', 'Underhill', 'Valcourt', 'Whitlock', 'Yardley',
];

export const ORGANISATIONS: Partial<Record<ParticipantType, string[]>> = {
  STAFF: ['Metro Health Service', 'Regional Health Service', 'Primary Health Alliance', 'Community Health Centre'],
  PRACTITIONER: ['Riverside Hospice', 'Northside Allied Health', 'Lakeview Community Care', 'Valley Palliative Care Team'],
  VOLUNTEER: ['Hospice Volunteer Program', 'Neighbourhood Care Circle'],
  CONSUMER_REPRESENTATIVE: ['Consumer Advisory Council', 'Health Consumers’ Forum'],
  CARER_REPRESENTATIVE: ['Carers Collective'],
  OTHER: ['University Research Group'],
};

/**
 * What applicants write, by question, so a coordinator reading a request sees answers to the
 * question asked. Keyed by the question's prompt as the catalogue above words it.
 */
export const SAMPLE_ANSWERS: Record<string, string[]> = {
  'What is your connection to consumer and carer engagement in WA health?': [
    'I have been a consumer representative on a hospital safety and quality committee for three years.',
    'I care for my father, who lives with dementia, and sit on our local health service’s carer reference group.',
    'I coordinate consumer engagement for a metropolitan health service.',
    'Lived experience of mental health services; I now co-facilitate a peer support group.',
  ],
  'What would you most like to get from the Network?': [
    'Meeting other representatives and learning how they prepare for committee meetings.',
    'Training on reading hospital performance reports.',
    'Ideas for involving carers from culturally diverse communities.',
  ],
  'Which organisation do you work or volunteer with?': [
    'A community hospice in Ottawa.',
    'A home care nursing agency in the Niagara region.',
    'A long-term care home in Toronto.',
    'A volunteer visiting program at a rural hospice.',
  ],
  'Which rural community do you serve?': ['Timmins and the surrounding district.', 'Kenora.', 'Bruce County.', 'Haliburton Highlands.'],
  'Which practice area do you work in (aged care, inpatient, mental health, private practice, paediatrics)?': [
    'Aged care, in a residential facility.',
    'Inpatient rehabilitation.',
    'Community mental health.',
    'Private practice, mostly NDIS participants.',
    'Paediatrics, in a community health service.',
  ],
  'What would you like to improve in your workplace?': [
    'How we hand over between allied health assistants and therapists.',
    'Supervision: I would like regular, structured feedback.',
    'Group programs for falls prevention.',
    'How we document therapy sessions we deliver under delegation.',
  ],
  'Which organisation or community group are you with?': [
    'A local health service’s consumer advisory council.',
    'A community legal centre.',
    'A university research team working on co-design.',
    'A carers’ support group.',
  ],
};

export const DEMO_PASSWORD = 'praxis-demo-password';
