import type { Messages } from '../../messages';
import type da from '../da/common';

export default {
  appName: 'Tilsyn',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main menu',
    institutions: 'Institutions',
    overview: 'Overview',
    import: 'Import',
    followUp: 'Follow-up',
    sync: 'Synchronisation',
    admin: 'Administration',
  },
  actions: {
    cancel: 'Cancel',
    save: 'Save',
    edit: 'Edit',
    delete: 'Delete',
    close: 'Close',
  },
  language: {
    label: 'Language',
    da: 'Dansk',
    en: 'English',
  },
  role: { konsulent: 'Consultant', leder: 'Manager', forvaltning: 'Administration' },
  dateFormat: 'dd/mm/yyyy',
  undo: 'Undo',
  savedShort: 'Saved.',
  personalData: {
    warning: {
      cpr: 'The text looks like a CPR number. Remove it: the inspection is about practice, not about persons.',
      email: 'The text contains an email address. Avoid personal data in the notes.',
      phone: 'The text looks like a phone number. Avoid personal data in the notes.',
      child_name: 'It looks as if a child is named. Describe practice without naming individual children.',
    },
  },
  autosaveFailed: 'Could not save. The text is still here; try again.',
  notice: { close: 'Close message' },
  storage: {
    title: 'Your data is not secured in the browser.',
    unsupported: 'This browser cannot promise to keep Tilsyn’s data permanently (that takes a newer browser and an https address).',
    refused: 'The browser has not promised to keep Tilsyn’s data permanently.',
    advice:
      'When space runs short or during a clean-up it may delete them, including changes not yet sent to the server. Synchronise often, and install Tilsyn as an app or bookmark the page, so the browser more often allows it.',
  },
  unsentFile: {
    nothing: 'There are no unsent changes to export.',
    filter: 'Tilsyn changes',
    exported_one: '{{count, number}} unsent change has been exported.',
    exported_other: '{{count, number}} unsent changes have been exported.',
    importTitle: 'Import changes',
    imported_one: '{{count, number}} change imported',
    imported_other: '{{count, number}} changes imported',
    alreadyHere_one: ', {{count, number}} was already here',
    alreadyHere_other: ', {{count, number}} were already here',
    refused: '. Refused: {{list}}',
  },
  loading: {
    database: 'Opening the database…',
    short: 'Loading…',
    page: 'Loading the page…',
  },
  notFound: {
    title: 'Page not found',
    back: 'Go to the institutions',
  },
  save: {
    saving: 'Saving…',
    savedAt: 'Saved {{time}}',
    failed: 'Not saved: {{message}}',
    allSaved: 'Everything is saved',
  },
  backup: {
    newerVersion: 'The backup was made by a newer version of Tilsyn; update the app first.',
    unknownTables: 'The backup has tables this version does not know: {{tables}}',
    restored_one: 'The backup has been restored ({{count, number}} row).',
    restored_other: 'The backup has been restored ({{count, number}} rows).',
    restoreFailed: 'The backup could not be restored; your data is unchanged. {{message}}',
    dailyFailed: "Today's backup failed: {{message}}",
  },
  openReportForPdf: 'Open a report to save it as PDF.',
  reportPdfName: 'Inspection report.pdf',
  count: {
    institution_one: '{{n}} institution',
    institution_other: '{{n}} institutions',
  },
} satisfies Messages<typeof da>;
