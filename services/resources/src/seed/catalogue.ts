import type { resourcesContracts } from '@praxis/platform';
import type { ResourceAudience } from '../entities';

export interface DemoResource {
  title: string;
  summary: string;
  kind: resourcesContracts.ResourceKind;
  audience: ResourceAudience;
  /** Labels from the network's topic vocabulary (membership's demo catalogue). */
  topics: string[];
  /** Labels from the community's own tag list below. */
  tags?: string[];
  sourceName?: string;
  publishedOn?: string;
  licence?: string;
  /** A link; or, when absent, a generated PDF with this body text is uploaded. */
  url?: string;
  document?: { fileName: string; text: string };
}

export interface DemoLibrary {
  /** Community key in the membership manifest. */
  community: string;
  curated: boolean;
  tags: string[];
  resources: DemoResource[];
  /** Titles to feature, and collections of titles, in order. */
  featured: string[];
  collections: { title: string; description: string; items: string[] }[];
  /** A submission left waiting for curation, in curated libraries. */
  pending?: DemoResource;
}

/**
 * The libraries the seed networks describe: links to engagement frameworks, the survey
 * results overview, webinar recordings, communication toolkits and case studies. Names and
 * addresses are fictional (example.org); none comes from the seed pages' real people.
 */
export const LIBRARIES: DemoLibrary[] = [
  {
    community: 'hen',
    curated: true,
    tags: ['Getting started', 'Frameworks', 'Survey', 'Workshops', 'Epic failures'],
    resources: [
      {
        title: 'Survey results – overview',
        summary: 'Headline findings from the **March 2018** survey of staff and consumer and carer representatives across the WA health system: over 130 responses, with strong support for a community of practice.',
        kind: 'DOCUMENT',
        audience: 'EVERYONE',
        topics: ['Survey results', 'Consumer and carer engagement'],
        tags: ['Survey', 'Getting started'],
        sourceName: 'Health Engagement Network project team',
        publishedOn: '2018-04-20',
        licence: 'Free to share with attribution.',
        document: { fileName: 'survey-results-overview.pdf', text: 'Survey results - overview. 130 responses. Strong support for a community of practice for consumer engagement.' },
      },
      {
        title: 'Workshop notes, 5 April 2018',
        summary: 'What staff and consumer and carer representatives said they want from the community and how it might work.',
        kind: 'DOCUMENT',
        audience: 'EVERYONE',
        topics: ['Co-design', 'Consumer and carer engagement'],
        tags: ['Workshops'],
        publishedOn: '2018-04-05',
        document: { fileName: 'workshop-notes-2018-04-05.pdf', text: 'Workshop notes. What participants want from a community of practice.' },
      },
      {
        title: 'Consumer and carer engagement framework (WA)',
        summary: 'The statewide framework services use to plan, do and review engagement with consumers and carers.',
        kind: 'FRAMEWORK',
        audience: 'STAFF',
        topics: ['Engagement frameworks', 'Hospital services'],
        tags: ['Frameworks', 'Getting started'],
        sourceName: 'WA health system (example)',
        url: 'https://frameworks.example.org/wa-consumer-carer-engagement',
      },
      {
        title: 'Primary care engagement toolkit',
        summary: 'Templates and checklists for involving consumers in primary care planning.',
        kind: 'TOOLKIT',
        audience: 'STAFF',
        topics: ['Primary care', 'Engagement frameworks'],
        tags: ['Frameworks'],
        url: 'https://toolkits.example.org/primary-care-engagement',
      },
      {
        title: 'When co-design went wrong: a learning story',
        summary: 'A community service shares an epic failure and what they changed afterwards. Learning opportunities welcome!',
        kind: 'CASE_STUDY',
        audience: 'EVERYONE',
        topics: ['Learning from failures', 'Community services', 'Co-design'],
        tags: ['Epic failures'],
        url: 'https://stories.example.org/co-design-learning-story',
      },
      {
        title: 'What is a community of practice? (short video)',
        summary: 'A three-minute introduction to domains, communities and practice.',
        kind: 'VIDEO',
        audience: 'CONSUMERS_AND_CARERS',
        topics: ['Consumer and carer engagement'],
        tags: ['Getting started'],
        url: 'https://video.example.org/what-is-a-cop',
      },
    ],
    featured: ['Survey results – overview', 'Consumer and carer engagement framework (WA)'],
    collections: [
      {
        title: 'Start here',
        description: 'New to the network? Read these first.',
        items: ['What is a community of practice? (short video)', 'Survey results – overview', 'Consumer and carer engagement framework (WA)'],
      },
    ],
    pending: {
      title: 'Hospital consumer advisory council terms of reference',
      summary: 'An example terms of reference, shared for others to adapt.',
      kind: 'TOOLKIT',
      audience: 'STAFF',
      topics: ['Hospital services'],
      url: 'https://toolkits.example.org/advisory-council-tor',
    },
  },
  {
    community: 'hcc-acp',
    curated: false,
    tags: ['Webinars', 'Forms and guides'],
    resources: [
      {
        title: 'Webinar recording: consent and capacity in practice',
        summary: 'Recording of the monthly CoP webinar with questions from members.',
        kind: 'RECORDING',
        audience: 'STAFF',
        topics: ['Health care consent', 'Advance care planning'],
        tags: ['Webinars'],
        url: 'https://webinars.example.org/hcc-acp/consent-capacity',
      },
      {
        title: 'Advance care planning conversation guide',
        summary: 'A plain-language guide for starting the conversation with families.',
        kind: 'TOOLKIT',
        audience: 'EVERYONE',
        topics: ['Advance care planning'],
        tags: ['Forms and guides'],
        url: 'https://guides.example.org/acp-conversation',
      },
    ],
    featured: ['Advance care planning conversation guide'],
    collections: [],
  },
  {
    community: 'rhpc',
    curated: false,
    tags: ['Case studies'],
    resources: [
      {
        title: 'Rural hospice volunteer program: a case study',
        summary: 'How a small rural hospice recruited and kept volunteers.',
        kind: 'CASE_STUDY',
        audience: 'EVERYONE',
        topics: ['Rural palliative care', 'Volunteering'],
        tags: ['Case studies'],
        url: 'https://stories.example.org/rural-hospice-volunteers',
      },
    ],
    featured: [],
    collections: [],
  },
  {
    community: 'cc',
    curated: false,
    tags: ['Community action'],
    resources: [
      {
        title: 'Compassionate communities starter kit',
        summary: 'Ideas for neighbourhood circles of care, with a planning template.',
        kind: 'TOOLKIT',
        audience: 'EVERYONE',
        topics: ['Compassionate communities', 'Grief and bereavement'],
        tags: ['Community action'],
        url: 'https://toolkits.example.org/compassionate-communities',
      },
    ],
    featured: [],
    collections: [],
  },
  {
    community: 'aha-cpd',
    curated: false,
    tags: ['Webinars', 'Case studies', 'Communication toolkits'],
    resources: [
      {
        title: 'Monthly webinar: communicating with patients who have aphasia',
        summary: 'Recording of the monthly CPD webinar on patient communication.',
        kind: 'RECORDING',
        audience: 'STAFF',
        topics: ['Communication', 'Patient care', 'Professional Development'],
        tags: ['Webinars'],
        url: 'https://webinars.example.org/aha/aphasia-communication',
      },
      {
        title: 'Communication toolkit for allied health assistants',
        summary: 'Scripts, prompts and checklists developed by local and international peers.',
        kind: 'TOOLKIT',
        audience: 'STAFF',
        topics: ['Communication', 'Community of Practice'],
        tags: ['Communication toolkits'],
        url: 'https://toolkits.example.org/aha-communication',
      },
      {
        title: 'Case study: an assistant-led falls prevention group in aged care',
        summary: 'A real practice scenario to discuss in the monthly case review.',
        kind: 'CASE_STUDY',
        audience: 'STAFF',
        topics: ['Aged care', 'Patient care', 'Community of Practice'],
        tags: ['Case studies'],
        url: 'https://stories.example.org/falls-prevention-group',
      },
      {
        title: 'Leading change as an allied health assistant',
        summary: 'An article on leadership and entrepreneurship at work.',
        kind: 'ARTICLE',
        audience: 'STAFF',
        topics: ['Leadership', 'Entrepreneurship', 'Professional Development'],
        url: 'https://articles.example.org/aha-leading-change',
      },
    ],
    featured: ['Communication toolkit for allied health assistants'],
    collections: [{ title: 'Communication toolkits', description: 'Tools to apply directly at work.', items: ['Communication toolkit for allied health assistants', 'Monthly webinar: communicating with patients who have aphasia'] }],
  },
  {
    community: 'coprod',
    curated: false,
    tags: ['Co-design toolkits', 'Theatre', 'Myths'],
    resources: [
      {
        title: 'From fairy tale to reality: myths that hinder engagement',
        summary: 'A publication on common myths that hinder genuine engagement and participation across the public sector.',
        kind: 'ARTICLE',
        audience: 'EVERYONE',
        topics: ['Organisational culture', 'Patient involvement'],
        tags: ['Myths'],
        url: 'https://publications.example.org/fairy-tale-to-reality',
      },
      {
        title: 'Co-productive learning for better health (project report)',
        summary: 'Theatre-based dialogue workshops with service users, carers and health professionals in East London.',
        kind: 'DOCUMENT',
        audience: 'EVERYONE',
        topics: ['Theatre-based learning', 'Co-production', 'Narrative and dialogue'],
        tags: ['Theatre'],
        document: { fileName: 'coproductive-learning-for-better-health.pdf', text: 'Co-productive learning for better health. Project report.' },
      },
      {
        title: 'Co-design session planning toolkit',
        summary: 'Plan a co-design session that recognises every form of expertise.',
        kind: 'TOOLKIT',
        audience: 'EVERYONE',
        topics: ['Co-production', 'Health inequalities'],
        tags: ['Co-design toolkits'],
        url: 'https://toolkits.example.org/co-design-sessions',
      },
    ],
    featured: ['Co-productive learning for better health (project report)'],
    collections: [{ title: 'Co-design toolkits', description: 'Practical tools for co-design and co-production.', items: ['Co-design session planning toolkit', 'Co-productive learning for better health (project report)'] }],
  },
];

/** Shared network-wide by the network's admin. */
export const SHARED: { network: string; resource: DemoResource }[] = [
  {
    network: 'hen',
    resource: {
      title: 'Statement of aims of the Health Engagement Network',
      summary: 'Why the network exists and what it works towards.',
      kind: 'FRAMEWORK',
      audience: 'EVERYONE',
      topics: ['Consumer and carer engagement'],
      url: 'https://network.example.org/hen/statement-of-aims',
    },
  },
  {
    network: 'coprod',
    resource: {
      title: 'Departmental dialogue index',
      summary: 'A framework that helps organisations notice and attend to their culture.',
      kind: 'FRAMEWORK',
      audience: 'STAFF',
      topics: ['Organisational culture'],
      url: 'https://frameworks.example.org/departmental-dialogue-index',
    },
  },
];
