import type { Messages } from '../../messages';
import type da from '../da/hoering';

export default {
  loading: 'Loading the consultation…',
  notFound: 'The consultation does not exist',
  notOnComputer: 'The inspection does not exist on this computer. The consultant may have withdrawn it; synchronise to see the newest version.',
  backToInstitutions: 'Back to the institutions',
  backToInstitution: '‹ Back to the institution',
  goToAnswers: 'Go to the responses',
  seeReport: 'See the report',
  kicker: 'Consultation',
  title: 'Consultation: {{name}}',
  lead:
    'Read the report from the inspection {{date}}, and respond to each recommendation: do you agree, disagree, or do you have a plan? Feel free to elaborate. The responses are saved as you type and sent to the consultant when you synchronise. The consultant then makes the report final with your responses.',
  progress_one: '<strong>{{answered}} of {{count, number}}</strong> recommendation answered',
  progress_other: '<strong>{{answered}} of {{count, number}}</strong> recommendations answered',
  closed: 'The consultation is closed. The responses stand as they were given.',
  onlyLeder: "Only the institution's leader can respond to the consultation. You see the responses as they stand.",
  reportRegion: 'The report',
  answersTitle: 'Your responses to the recommendations',
  noRecommendations: 'The report has no recommendations. You can write a comment below.',
  comment: 'Comment on the report (optional)',
  commentHint: "E.g. on the report's description of the day, or how you will share it with staff and the parent board.",
  saveFailed: 'Could not save the response. Try again.',
  card: {
    title: 'Recommendation {{n}}',
    legend: 'Your response to recommendation {{n}}',
    elaboration: 'Elaboration of the response to recommendation {{n}}',
    planHint: 'Describe the plan: what will you do, and when?',
    disagreeHint: 'Write why you disagree.',
  },
  answer: {
    enig: 'Agree',
    uenig: 'Disagree',
    plan: 'Plan',
  },
  answerHint: {
    enig: 'You agree with the recommendation',
    uenig: 'You do not agree; write why',
    plan: 'You have a plan for working with it; describe the plan',
  },
} satisfies Messages<typeof da>;
