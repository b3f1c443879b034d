import type { Messages } from '../../messages';
import type da from '../da/validation';

export default {
  date: {
    required: 'Enter a date',
    iso: 'Write the date as YYYY-MM-DD',
    notADate: 'That date does not exist',
    time: 'Write the time as hh:mm',
    format: 'Write the date as dd/mm/yyyy, e.g. 30/06/2021',
  },
  maxChars: 'At most {{max}} characters',
  personName: 'Write a name or remove the line',
  inspection: {
    visitType: 'Choose announced or unannounced',
    kind: 'Choose ordinary or intensified inspection',
    concernLevel: 'Choose no concern, concern or serious concern',
    institution: 'Choose an institution',
    maxConsultants: 'At most 6 consultants',
    noConsultant: 'Name at least one consultant',
    finalInFuture: 'A final inspection cannot have a date in the future',
    notAssessedReason: 'Write why the theme is not assessed',
    stepAndNotAssessed: 'A theme cannot both have a step and be not assessed',
    ownerRole: 'Choose a responsible role',
    verification: 'Choose how the order is verified',
  },
  observation: {
    minutes: 'Write the duration in minutes',
    wholeMinutes: 'Write the duration in whole minutes',
    minMinutes: 'At least 1 minute',
    maxMinutes: 'At most 480 minutes',
    place: 'Write the place or group',
    text: 'Write what you saw',
  },
  dialogue: {
    maxLeders: 'At most 6 managers',
    maxStaff: 'At most 20 staff representatives',
  },
  relation: {
    kind: 'Choose a relation',
    max: 'At most 200 relations',
    overrideReason: 'Write a reason of at least 10 characters',
  },
  step: {
    choose: 'Choose a step from 1 to 4',
    whole: 'The step must be a whole number from 1 to 4',
    range: 'The step must be from 1 to 4',
  },
  unknownTheme: 'Unknown theme',
} satisfies Messages<typeof da>;
