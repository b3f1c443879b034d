import type { Messages } from '../../messages';
import type da from '../da/admin';

export default {
  log: {
    title: 'Log',
    loading: 'Loading the log…',
    intro:
      'The server writes every security event to the log: login, logout, password changes, changes to users, institutions and framework versions, API tokens and removed personal data. The newest is at the top.',
    filter: 'Filter the log',
    event: 'Event',
    allEvents: 'All events',
    downloadingCsv: 'Downloading CSV…',
    downloadCsv: 'Download CSV',
    shown_one: '{{count}} event shown',
    shown_other: '{{count}} events shown',
    shownMore_one: '{{count}} event shown (there are more)',
    shownMore_other: '{{count}} events shown (there are more)',
    caption: 'Log of events, newest first',
    columns: { at: 'Time', user: 'User', event: 'Event', target: 'Concerns', address: 'Address' },
    notLoggedIn: 'Not logged in',
    noneOfType: 'No events of the type "{{type}}".',
    empty: 'The log is empty.',
    loadingMore: 'Loading…',
    more: 'Show more',
  },
  list: { shownOf: '{{shown}} of {{total}}' },
  audit: {
    login: {
      ok: "Login",
      failed: "Failed login",
      locked: "Login temporarily locked",
      renewal_refused: "The municipality's login refused renewal",
    },
    logout: "Log out",
    tokens: {
      revoked: "Logins revoked",
    },
    password: {
      changed: "Password changed",
      failed: "Wrong password when changing",
    },
    device: {
      revoked: "Device logged out",
    },
    api_token: {
      created: "API token created",
      revoked: "API token revoked",
    },
    user: {
      created: "User created",
      updated: "User changed",
    },
    institution: {
      created: "Institution created",
      updated: "Institution changed",
    },
    framework: {
      created: "Framework version created",
    },
    import: {
      institutions: "Institutions imported",
      theme_scores: "Theme scores imported",
    },
    goal: {
      created: "Goal created",
      updated: "Goal changed",
    },
    tilsynsramme: {
      created: "Tilsynsramme: version created",
      updated: "Tilsynsramme: draft changed",
      gaeldende: "Tilsynsramme: version put in force",
    },
    privacy: {
      purged: "Personal data removed",
      dismissed: "Personal data finding dismissed",
    },
    export: {
      theme_scores: "Theme scores exported",
      committee: "Committee overview exported",
      case_file: "Case file exported",
    },
    admin: {
      password_reset: "The administrator's password reset on the server",
    },
    report: {
      published: "Inspection report published",
    },
    relations: {
      updated: "Relations to institutions changed",
    },
    impartiality: {
      override: "Consultant assigned despite a relation (exemption)",
    },
    auth_settings: {
      updated: "Login settings changed",
    },
  },
  apiTokens: {
    title: 'API tokens',
    loading: 'Loading API tokens…',
    new: 'New API token',
    intro:
      'An API token lets a BI tool (Power BI, Excel, R) read exports and municipal averages – nothing else. It cannot synchronise, administer or log in to the app. Make one per tool, so that it can be revoked on its own.',
    never: 'Never',
    revoked: 'The API token "{{name}}" has been revoked. It no longer works.',
    columns: {
      name: 'Name',
      scopes: 'Access',
      institutions: 'Institutions',
      created: 'Created',
      lastUsed: 'Last used',
      status: 'Status',
      action: 'Action',
    },
    scopeShort: { export: 'Export', stats: 'Averages' },
    scopes: { export: 'Export of theme scores (/api/export)', stats: 'Municipal averages (/api/stats)' },
    all: 'All',
    by: 'by {{name}}',
    activeUntil: 'Active until {{date}}',
    status: { revoked: 'Revoked', expired: 'Expired' },
    revoke: 'Revoke',
    revokeNamed: 'Revoke {{name}}',
    none: 'No API tokens yet.',
    copyFailed: 'Could not copy. Select the token and copy it yourself.',
    copied: 'Copied',
    copy: 'Copy',
    secret: {
      title: 'The API token "{{name}}" has been created',
      copyNow: 'Copy it now and store it in the BI tool. It is not shown again: the server keeps only a fingerprint of it.',
      token: 'API token',
      howToSend: 'Send it as the header <code>Authorization: Bearer …</code> to <code>/api/export/theme-scores.csv</code> or <code>/api/stats/theme-averages</code>.',
      saved: 'I have saved it',
    },
    form: {
      title: 'New API token',
      name: 'Name',
      nameHint: 'Which tool or report, e.g. “Power BI, quality report”',
      mayRead: 'May read',
      allInstitutions: 'All institutions',
      onlyThese: 'Only these institutions',
      creating: 'Creating…',
      create: 'Create API token',
      nameRequired: 'Give the token a name',
      nameTooLong: 'The name may have at most 100 characters',
      scopeRequired: 'Choose at least one access',
      institutionRequired: 'Choose at least one institution, or all',
    },
  },
} satisfies Messages<typeof da>;
