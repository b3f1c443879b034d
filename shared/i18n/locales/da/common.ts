/** The app's frame and words used on many screens. Plurals: i18next's `_one` / `_other` suffixes. */
export default {
  appName: 'Tilsyn',
  skipToContent: 'Spring til indhold',
  nav: {
    label: 'Hovedmenu',
    institutions: 'Institutioner',
    overview: 'Overblik',
    import: 'Import',
    followUp: 'Opfølgning',
    sync: 'Synkronisering',
    admin: 'Administration',
  },
  actions: {
    cancel: 'Annullér',
    save: 'Gem',
    edit: 'Rediger',
    delete: 'Slet',
    close: 'Luk',
  },
  language: {
    label: 'Sprog',
    da: 'Dansk',
    en: 'English',
  },
  loading: {
    database: 'Åbner databasen…',
    page: 'Henter siden…',
  },
  notFound: {
    title: 'Siden findes ikke',
    back: 'Gå til institutionerne',
  },
  save: {
    saving: 'Gemmer…',
    savedAt: 'Gemt {{time}}',
    failed: 'Ikke gemt: {{message}}',
    allSaved: 'Alt er gemt',
  },
  backup: {
    restored_one: 'Backuppen er lagt tilbage ({{count}} række).',
    restored_other: 'Backuppen er lagt tilbage ({{count}} rækker).',
    restoreFailed: 'Backuppen kunne ikke lægges tilbage; dine data er uændrede. {{message}}',
    dailyFailed: 'Dagens backup mislykkedes: {{message}}',
  },
  openReportForPdf: 'Åbn en rapport for at gemme den som PDF.',
  reportPdfName: 'Tilsynsrapport.pdf',
  count: {
    institution_one: '{{count}} institution',
    institution_other: '{{count}} institutioner',
  },
};
