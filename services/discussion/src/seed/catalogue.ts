/**
 * Demo conversations for the demo communities, drawn from what the network descriptions in
 * shared/seeds say their members do: questions after webinars, case scenarios for group
 * discussion, introductions, and learning from failures. People are the demo members, named by
 * role: `coordinator`, `moderator`, `member`, `consumer`, or `other:N` for the N-th other member
 * of the community.
 */
export type Author = 'coordinator' | 'moderator' | 'member' | 'consumer' | `other:${number}`;

export interface ReplySeed {
  by: Author;
  body: string;
  /** Marks the reply the asker accepted, for questions. */
  accepted?: boolean;
  reactions?: { like?: Author[]; helpful?: Author[] };
}

export interface ThreadSeed {
  forum: string;
  kind: 'DISCUSSION' | 'QUESTION' | 'CASE_SCENARIO';
  by: Author;
  title: string;
  body: string;
  tags: string[];
  replies: ReplySeed[];
  pinned?: boolean;
  /** Who recorded a view of it. */
  viewers?: Author[];
}

export interface CommunityDiscussionSeed {
  forums: { name: string; description: string }[];
  threads: ThreadSeed[];
  /** Pre-moderation: how many of a member's first posts wait for approval. */
  heldPosts?: number;
}

const INTRODUCTIONS = { name: 'Introductions', description: 'New here? Tell us who you are and what brings you to the community.' };
const WEBINARS = { name: 'Webinar follow-up', description: 'Questions and reflections after our webinars and online meetings.' };
const CASES = { name: 'Case scenarios', description: 'Real (de-identified) situations shared for group discussion and problem solving.' };

const welcome = (what: string, replies: ReplySeed[]): ThreadSeed => ({
  forum: 'Introductions',
  kind: 'DISCUSSION',
  by: 'coordinator',
  title: 'Welcome: introduce yourself here',
  body: `Welcome to the community! Please say hello and tell us a little about yourself: where you work or volunteer, and ${what}.\n\nA reminder that this is a space to share experiences **without** identifying patients, clients or colleagues.`,
  tags: ['welcome'],
  pinned: true,
  replies,
  viewers: ['member', 'consumer', 'other:1', 'other:2', 'other:3'],
});

export const DEMO_DISCUSSIONS: Record<string, CommunityDiscussionSeed> = {
  hen: {
    forums: [INTRODUCTIONS, WEBINARS, CASES, { name: 'Engagement frameworks', description: 'Links to and experiences with the frameworks for consumer and carer engagement used across WA health.' }],
    threads: [
      welcome('what you hope to learn about consumer and carer engagement', [
        { by: 'consumer', body: 'Hello everyone. I have been a consumer representative on two hospital committees for about five years. I joined to hear how other services brief and support their reps.', reactions: { like: ['coordinator', 'moderator'] } },
        { by: 'other:1', body: 'Hi all, I coordinate engagement in a primary health service in the South West. Looking forward to swapping notes, and to the face to face events!' },
        { by: 'other:2', body: 'Carer representative from the Wheatbelt here. Distance is my biggest challenge; online meetings have helped a lot.', reactions: { like: ['consumer'] } },
      ]),
      {
        forum: 'Webinar follow-up',
        kind: 'QUESTION',
        by: 'other:3',
        title: 'Questions after the session on the 2018 survey results',
        body: 'Thanks for presenting the survey of staff and consumer representatives. Over 130 responses is a great start.\n\nOne question I did not get to ask: **did the results differ between metropolitan and regional respondents?** We are planning our own survey and wonder whether to sample regions separately.',
        tags: ['survey-results', 'regional'],
        replies: [
          { by: 'coordinator', body: 'Good question. The overview report does not split by region, but the full report has the free-text answers, and regional respondents raised travel and timing far more often. I would sample regions separately.', accepted: true, reactions: { helpful: ['other:3', 'moderator', 'consumer'] } },
          { by: 'moderator', body: 'The notes from the April workshops are also worth a read: several of the ideas about online meetings came from regional participants.' },
        ],
        viewers: ['member', 'consumer', 'other:1', 'other:2'],
      },
      {
        forum: 'Case scenarios',
        kind: 'CASE_SCENARIO',
        by: 'moderator',
        title: 'Learning from failure: a consumer representative invited after the decisions were made',
        body: 'A de-identified scenario for discussion.\n\nA service redesign project invited a consumer representative to "review the final model". When the representative asked how options had been chosen, it became clear the key decisions were made months earlier.\n\n- What went wrong, and when?\n- What would meaningful involvement have looked like at each stage?\n- How would you repair the relationship now?',
        tags: ['learning-from-failures', 'co-design'],
        replies: [
          { by: 'consumer', body: 'I have been that representative. What helped in the end was the project lead admitting it openly and asking me to help design the evaluation instead.', reactions: { like: ['moderator', 'other:1', 'coordinator'], helpful: ['other:2'] } },
          { by: 'other:1', body: 'We now use a simple rule: if the options are already fixed, we say so and call it consultation, not co-design. Being honest about the level of influence matters more than the label.', reactions: { helpful: ['moderator', 'consumer'] } },
          { by: 'coordinator', body: 'Thanks both. @moderator, could we use this scenario at the next face to face event?' },
        ],
        viewers: ['member', 'consumer', 'other:1', 'other:2', 'other:3', 'other:4'],
      },
    ],
  },
  'hcc-acp': {
    forums: [INTRODUCTIONS, WEBINARS, CASES],
    threads: [
      welcome('your connection to health care consent or advance care planning', [
        { by: 'other:1', body: 'Hi, I am a nurse in long-term care and lead our advance care planning conversations. Glad to find this group.' },
        { by: 'member', body: 'Hospice volunteer here. I mostly support families after conversations have happened, so I am keen to learn the consent side.' },
      ]),
      {
        forum: 'Webinar follow-up',
        kind: 'QUESTION',
        by: 'member',
        title: 'Questions after the monthly presentation on substitute decision-makers',
        body: 'The presentation clarified a lot, thank you. I am still unsure about one thing: when a person has capacity for some decisions but not others, **who do we ask about a new treatment**?',
        tags: ['health-care-consent', 'capacity'],
        replies: [
          { by: 'coordinator', body: 'Capacity is decision-specific and time-specific. If the person is capable for *this* decision, you ask them. The substitute decision-maker only steps in for decisions the person is not capable of making at that time.', accepted: true, reactions: { helpful: ['member', 'other:1'] } },
        ],
        viewers: ['other:1', 'other:2'],
      },
      {
        forum: 'Case scenarios',
        kind: 'CASE_SCENARIO',
        by: 'other:2',
        title: 'A substitute decision-maker disagrees with wishes a person wrote years ago',
        body: 'Mr. B wrote that he would not want to be fed by tube. His daughter, his substitute decision-maker, says he changed his mind after his grandson was born but never wrote it down.\n\nHow would your team approach the conversation?',
        tags: ['advance-care-planning'],
        replies: [
          { by: 'moderator', body: 'Start from values rather than the document: what mattered to him then, and what matters to him now, as best the family can tell. Wishes expressed later can count even if not written.' },
          { by: 'other:1', body: 'We would also bring in the physician early, and document the conversation carefully whatever is decided.' },
        ],
      },
    ],
  },
  rhpc: {
    forums: [INTRODUCTIONS, CASES],
    threads: [
      welcome('which rural or remote community you serve', [{ by: 'other:1', body: 'Community nurse in Northern Ontario, covering a district the size of a small country.' }]),
      {
        forum: 'Case scenarios',
        kind: 'CASE_SCENARIO',
        by: 'other:1',
        title: 'Managing pain at home three hours from the nearest hospital',
        body: 'A patient wants to die at home. The nearest pharmacy that stocks the medications we may need is three hours away, and winter roads close often.\n\nWhat do you keep in a symptom response kit, and who holds it?',
        tags: ['rural-palliative-care', 'symptom-management'],
        replies: [
          { by: 'moderator', body: 'We pre-position a comfort kit in the home with clear written orders, and the family physician and on-call nurse both know exactly what is in it.', reactions: { helpful: ['other:1', 'coordinator'] } },
          { by: 'other:2', body: 'Volunteer drivers have saved us more than once. Worth building that relationship before it is urgent.' },
        ],
      },
    ],
  },
  cc: {
    forums: [INTRODUCTIONS, { name: 'Ideas and projects', description: 'Compassionate community initiatives: what you are trying, and what you have learned.' }],
    threads: [
      welcome('what compassionate community work you are part of', [
        { by: 'consumer', body: 'I cared for my mother at home last year and want to help other families find the support we nearly missed.', reactions: { like: ['coordinator', 'moderator', 'other:1'] } },
      ]),
      {
        forum: 'Ideas and projects',
        kind: 'DISCUSSION',
        by: 'other:1',
        title: 'Starting a caring circle in a small town',
        body: 'Our library has offered a room once a month. We want to start a caring circle for people who are dying, caring or grieving.\n\nWhat worked for your first meetings?',
        tags: ['compassionate-communities', 'grief-and-bereavement'],
        replies: [
          { by: 'other:2', body: 'Keep the first one simple: tea, introductions, and one question: "What would have helped you?" People want to be heard before they plan anything.', reactions: { like: ['other:1', 'consumer'] } },
          { by: 'coordinator', body: 'HPCO has a short guide on this; I will share it in the library once it is set up.' },
        ],
        viewers: ['consumer', 'other:2', 'other:3'],
      },
    ],
  },
  'aha-cpd': {
    forums: [INTRODUCTIONS, WEBINARS, CASES],
    threads: [
      welcome('which practice area you work in', [
        { by: 'other:1', body: 'Allied health assistant in aged care, two years in. I joined for the case studies.' },
        { by: 'other:2', body: 'Hi! AHA in paediatrics, working alongside speech pathologists.' },
      ]),
      {
        forum: 'Webinar follow-up',
        kind: 'QUESTION',
        by: 'other:1',
        title: 'Questions after the webinar on communication toolkits',
        body: 'Thanks for the webinar. When a client becomes distressed during a session, **how do you hand over to the supervising clinician** without making the client feel they did something wrong?',
        tags: ['communication', 'patient-care'],
        replies: [
          { by: 'moderator', body: 'I name what I see and offer a choice: "This seems hard today. Would you like me to ask Sam to join us, or shall we take a break?" It keeps the client in control.', accepted: true, reactions: { helpful: ['other:1', 'other:2', 'coordinator'] } },
          { by: 'other:3', body: 'Agree. We also agree a signal with our clinician beforehand so the handover is smooth.' },
        ],
        viewers: ['other:2', 'other:3', 'other:4'],
      },
      {
        forum: 'Case scenarios',
        kind: 'CASE_SCENARIO',
        by: 'coordinator',
        title: 'A resident declines their exercise program',
        body: 'Case study for discussion.\n\nA resident in aged care has declined their falls-prevention exercises three days in a row, saying "what is the point at my age".\n\n1. What might be going on?\n2. What would you do in your next session?\n3. What would you report to the supervising physiotherapist?',
        tags: ['aged-care', 'case-study'],
        replies: [
          { by: 'other:2', body: 'I would ask what they enjoy doing and link the exercises to that: getting to the garden, seeing grandchildren.' },
          { by: 'other:4', body: 'And check for pain or low mood first. Declining can be a symptom, not a choice.', reactions: { helpful: ['coordinator', 'moderator'] } },
        ],
      },
    ],
  },
  coprod: {
    heldPosts: 1,
    forums: [INTRODUCTIONS, { name: 'Stories and challenges', description: 'The stories organisations tell themselves, and the challenges and opportunities of co-production.' }],
    threads: [
      welcome('what co-production means in your work', [
        { by: 'consumer', body: 'Service user and expert patient. Co-production for me means my experience counts as expertise, not as a story to illustrate someone else\u2019s plan.', reactions: { like: ['coordinator', 'other:1', 'other:2'] } },
      ]),
      {
        forum: 'Stories and challenges',
        kind: 'DISCUSSION',
        by: 'other:1',
        title: 'Co-production narrative as creative theatre-based dialogue for changing practices',
        body: 'Organisational culture is one of the most common barriers to co-production. Without a supportive narrative, meaningful dialogue between people with different kinds of expertise can be all but impossible.\n\nWe have been piloting workshops that use applied performance theatre: a live case study is presented and used as a catalyst for discussion, with the content developed together with participants.\n\n> "The role-play was helpful. During the feedback we built a model of good communication."\n\nPlease post your comments: what stories does *your* organisation tell about who it is?',
        tags: ['co-production', 'narrative-and-dialogue', 'theatre-based-learning'],
        replies: [
          { by: 'other:2', body: 'Our story used to be "we know best". It changed when a board member described her own experience as a patient at a meeting. Stories from inside the institution can shift it.', reactions: { like: ['other:1', 'consumer'] } },
          { by: 'consumer', body: 'For patients the challenge is the reverse: being asked to join systems that feel alien. Theatre helps because everyone is a beginner in it.', reactions: { helpful: ['other:1', 'coordinator'] } },
          { by: 'coordinator', body: 'Thanks @consumer. Would you be willing to share this at the next workshop?' },
        ],
        viewers: ['consumer', 'other:2', 'other:3', 'other:4', 'member'],
      },
    ],
  },
  'coprod-learning': {
    forums: [WEBINARS, CASES],
    threads: [
      {
        forum: 'Webinar follow-up',
        kind: 'DISCUSSION',
        by: 'coordinator',
        title: 'Reflections after our third co-productive learning workshop',
        body: 'We have now co-designed and co-delivered three workshops of different lengths. What should we change before we extend to partners elsewhere in London?',
        tags: ['workshops', 'co-productive-learning'],
        replies: [
          { by: 'other:1', body: 'Longer sessions gave people time to move from politeness to honesty. I would keep at least one long format.' },
          { by: 'consumer', body: 'Send the case study a week ahead, in plain language, so service users can prepare as the professionals do.', reactions: { helpful: ['coordinator', 'other:1'] } },
        ],
      },
      {
        forum: 'Case scenarios',
        kind: 'CASE_SCENARIO',
        by: 'other:2',
        title: 'Role-play: a rushed GP appointment seen from both sides',
        body: 'Scenario for the next workshop: a ten-minute appointment where the patient has three concerns and the GP is running late.\n\nHow would you play it first as it often goes, then as it could go?',
        tags: ['theatre-based-learning', 'patient-involvement'],
        replies: [{ by: 'moderator', body: 'Swap roles halfway through. Professionals playing the patient is where the learning usually happens.' }],
      },
    ],
  },
};
