import type { Messages } from '../../messages';
import type da from '../da/efterbesoeg';

export default {
  caseFile: {
    label: 'Case file for the state inspection team',
    pdf: 'Download case file (PDF)',
    html: 'Download case file (HTML)',
    json: 'Download as data (JSON)',
    failed: 'The case file could not be fetched.',
  },
  withdraw: {
    summary: 'Withdraw the publication',
    intro: 'The report is removed from the municipality’s public page. The publication deadline then runs from the previous publication, if there is one. Both the publication and its withdrawal are kept.',
    date: 'Date of withdrawal',
    reason: 'Reason (not shown on the public page)',
    reasonRequired: 'Write why the publication is withdrawn',
    dateRequired: 'Enter the date of the withdrawal',
    button: 'Withdraw the publication',
    failed: 'The publication could not be withdrawn.',
    done: 'The publication was withdrawn on {{date}} by {{who}}. Reason: {{reason}}',
    notPublic: 'The report is no longer shown on the municipality’s public page. To publish again: correct the report (Correct final report) and publish the new version.',
    whoRequired: 'Say who withdraws the publication',
    text: 'Withdrawn on {{date}} by {{who}}: {{reason}}',
  },
} satisfies Messages<typeof da>;
