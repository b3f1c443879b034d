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
  loading: {
    database: 'Opening the database…',
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
    restored_one: 'The backup has been restored ({{count}} row).',
    restored_other: 'The backup has been restored ({{count}} rows).',
    restoreFailed: 'The backup could not be restored; your data is unchanged. {{message}}',
    dailyFailed: "Today's backup failed: {{message}}",
  },
  openReportForPdf: 'Open a report to save it as PDF.',
  reportPdfName: 'Inspection report.pdf',
  count: {
    institution_one: '{{count}} institution',
    institution_other: '{{count}} institutions',
  },
} satisfies Messages<typeof da>;
