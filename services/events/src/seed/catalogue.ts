/**
 * The B6 conference workshop of shared/seeds/003, with the programme's shape (a chair, two
 * parts, four speakers with affiliations, learning outcomes) kept and its people replaced by
 * fictional ones, as the demo's people are fictional throughout.
 */
export const B6_WORKSHOP = {
  title: 'B6: Co-production to build resilient communities',
  localStart: '2025-05-22T13:15',
  localEnd: '2025-05-22T14:30',
  timeZone: 'Europe/London',
  format: 'Workshop',
  stream: 'People',
  venue: 'Conference centre, Room B6, London',
  description:
    'A conference workshop in two parts on co-production with families, patients and care partners: from a parent education and peer-support programme in a deprived area to research designed with patients to improve safety.',
  speakers: [
    { name: 'Dr Rowan Ashby', role: 'CHAIR' as const, affiliation: 'Harbourside Children’s Hospital NHS Trust; England' },
    { name: 'Nkechi Obi', role: 'SPEAKER' as const, affiliation: 'Better Start Parents, Northfield University; England', partNumber: 1 },
    { name: 'Tess Marlow', role: 'SPEAKER' as const, affiliation: 'Community Champions Lead, Better Start Parents; England', partNumber: 1 },
    { name: 'Ines Carrow', role: 'SPEAKER' as const, affiliation: 'Lakeside Health Network; Canada', partNumber: 2 },
    { name: 'Priya Sandhu', role: 'SPEAKER' as const, affiliation: 'Institute for Safer Medicines; Canada', partNumber: 2 },
  ],
  parts: [
    {
      title: 'Part one: Co-production is key to achieving a better community. Can reaching, teaching and engaging families really be as easy as ABC?',
      description:
        'A child’s health depends on their parents’ ability to provide a healthy start. Health professionals living and working in a deprived area co-produced a parent education and peer-support programme that aims to achieve a better community through patient involvement, lived experience and partnership working centred on reducing health inequalities.',
      learningOutcomes: [
        'Appreciate the simplicity of engaging local parents and working together to improve parent education, peer support and access to resources.',
        'Explore meaningful practical partnerships to better address the challenges families encounter.',
        'Commit to at least one improvement to co-production and partnership working.',
      ],
    },
    {
      title: 'Part two: Engage to elevate: designing research with patients and care partners to improve our understanding of safety',
      description:
        'Patients and care partners have unique insights into safety gaps because they are present throughout the healthcare journey, yet they are rarely included in improvement and safety research. Two studies show how to design research that learns from their experience.',
      learningOutcomes: [
        'Explain current literature about patient and care partner engagement in patient safety.',
        'Describe strategies to engage patients and care partners when designing improvements or research.',
        'Apply the lessons of the two studies to one’s own context.',
      ],
    },
  ],
};
