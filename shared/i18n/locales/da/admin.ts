/** Administration (forvaltning): API tokens, privacy, frameworks, goals, log, institutions, login settings. */
export default {
  log: {
    title: 'Log',
    loading: 'Henter loggen…',
    intro:
      'Serveren skriver hver sikkerhedshændelse i loggen: login, log ud, skift af adgangskode, ændringer af brugere, institutioner og rammeversioner, API-tokens og fjernede personoplysninger. Den nyeste står øverst.',
    filter: 'Filtrér loggen',
    event: 'Hændelse',
    allEvents: 'Alle hændelser',
    downloadingCsv: 'Henter CSV…',
    downloadCsv: 'Hent CSV',
    shown_one: '{{count}} hændelse vist',
    shown_other: '{{count}} hændelser vist',
    shownMore_one: '{{count}} hændelse vist (der er flere)',
    shownMore_other: '{{count}} hændelser vist (der er flere)',
    caption: 'Log over hændelser, nyeste først',
    columns: { at: 'Tidspunkt', user: 'Bruger', event: 'Hændelse', target: 'Gælder', address: 'Adresse' },
    notLoggedIn: 'Ikke logget ind',
    noneOfType: 'Ingen hændelser af typen "{{type}}".',
    empty: 'Loggen er tom.',
    loadingMore: 'Henter…',
    more: 'Vis flere',
  },
  list: { shownOf: '{{shown}} af {{total}}' },
  audit: {
    login: {
      ok: "Login",
      failed: "Mislykket login",
      locked: "Login spærret midlertidigt",
      renewal_refused: "Kommunens login afviste fornyelse",
    },
    logout: "Log ud",
    tokens: {
      revoked: "Logins tilbagekaldt",
    },
    password: {
      changed: "Adgangskode skiftet",
      failed: "Forkert adgangskode ved skift",
    },
    device: {
      revoked: "Enhed logget ud",
    },
    api_token: {
      created: "API-token oprettet",
      revoked: "API-token tilbagekaldt",
    },
    user: {
      created: "Bruger oprettet",
      updated: "Bruger ændret",
    },
    institution: {
      created: "Institution oprettet",
      updated: "Institution ændret",
    },
    framework: {
      created: "Rammeversion oprettet",
    },
    import: {
      institutions: "Institutioner importeret",
      theme_scores: "Temascorer importeret",
    },
    goal: {
      created: "Mål oprettet",
      updated: "Mål ændret",
    },
    tilsynsramme: {
      created: "Tilsynsramme: version oprettet",
      updated: "Tilsynsramme: kladde ændret",
      gaeldende: "Tilsynsramme: version gjort gældende",
    },
    privacy: {
      purged: "Personoplysning fjernet",
      dismissed: "Fund af personoplysning afvist",
    },
    export: {
      theme_scores: "Temascorer udtrukket",
      committee: "Udvalgsoversigt udtrukket",
      case_file: "Sagsmappe udtrukket",
    },
    admin: {
      password_reset: "Administratorens adgangskode nulstillet på serveren",
    },
    report: {
      published: "Tilsynsrapport offentliggjort",
    },
    relations: {
      updated: "Relationer til institutioner ændret",
    },
    impartiality: {
      override: "Konsulent tildelt trods relation (dispensation)",
    },
    auth_settings: {
      updated: "Loginindstillinger ændret",
    },
  },
  apiTokens: {
    title: 'API-tokens',
    loading: 'Henter API-tokens…',
    new: 'Nyt API-token',
    intro:
      'Et API-token lader et BI-værktøj (Power BI, Excel, R) læse udtræk og kommunale gennemsnit – intet andet. Det kan ikke synkronisere, administrere eller logge ind i appen. Lav ét pr. værktøj, så det kan tilbagekaldes alene.',
    never: 'Aldrig',
    revoked: 'API-tokenet "{{name}}" er tilbagekaldt. Det virker ikke længere.',
    columns: {
      name: 'Navn',
      scopes: 'Adgang',
      institutions: 'Institutioner',
      created: 'Oprettet',
      lastUsed: 'Senest brugt',
      status: 'Status',
      action: 'Handling',
    },
    scopeShort: { export: 'Udtræk', stats: 'Gennemsnit' },
    scopes: { export: 'Udtræk af temascorer (/api/export)', stats: 'Kommunale gennemsnit (/api/stats)' },
    all: 'Alle',
    by: 'af {{name}}',
    activeUntil: 'Aktiv til {{date}}',
    status: { revoked: 'Tilbagekaldt', expired: 'Udløbet' },
    revoke: 'Tilbagekald',
    revokeNamed: 'Tilbagekald {{name}}',
    none: 'Ingen API-tokens endnu.',
    copyFailed: 'Kunne ikke kopiere. Markér tokenet og kopiér det selv.',
    copied: 'Kopieret',
    copy: 'Kopiér',
    secret: {
      title: 'API-tokenet "{{name}}" er oprettet',
      copyNow: 'Kopiér det nu og gem det i BI-værktøjet. Det vises ikke igen: serveren gemmer kun et fingeraftryk af det.',
      token: 'API-token',
      howToSend: 'Send det som headeren <code>Authorization: Bearer …</code> til <code>/api/export/theme-scores.csv</code> eller <code>/api/stats/theme-averages</code>.',
      saved: 'Jeg har gemt det',
    },
    form: {
      title: 'Nyt API-token',
      name: 'Navn',
      nameHint: 'Hvilket værktøj eller hvilken rapport, fx “Power BI, kvalitetsrapport”',
      mayRead: 'Må læse',
      allInstitutions: 'Alle institutioner',
      onlyThese: 'Kun disse institutioner',
      creating: 'Opretter…',
      create: 'Opret API-token',
      nameRequired: 'Giv tokenet et navn',
      nameTooLong: 'Navnet må højst have 100 tegn',
      scopeRequired: 'Vælg mindst én adgang',
      institutionRequired: 'Vælg mindst én institution, eller alle',
    },
  },
};
