/**
 * What goes wrong between the app and the server. `code.<code>`: the message of a server answer's
 * `code`, for codes that always mean one thing (no {{variables}}): the server writes it (in Danish),
 * and the client shows it in the UI language. `server.*`: the server's own messages that carry
 * details or share a code with other messages; the client shows those as the server wrote them.
 */
export default {
  offline: 'Serveren kan ikke nås. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.',
  timeout: 'Serveren svarede ikke i tide. Dine ændringer er gemt på computeren og sendes, når der er forbindelse.',
  unreadable: 'Serverens svar kunne ikke læses. Er adressen en Tilsyn-server?',
  status: {
    unauthorized: 'Log ind igen for at fortsætte.',
    forbidden: 'Du har ikke adgang til dette.',
    notFound: 'Serveren kender ikke det, der blev bedt om.',
    busy: 'Serveren har travlt. Appen prøver igen om lidt.',
    serverFault: 'Serveren har en fejl ({{status}}). Appen prøver igen om lidt.',
    refused: 'Serveren afviste forespørgslen ({{status}}).',
  },
  code: {
    serverfejl: 'Der opstod en uventet fejl på serveren. Prøv igen senere.',
    FST_ERR_CTP_BODY_TOO_LARGE: 'Forespørgslen er for stor',
    FST_ERR_CTP_INVALID_JSON_BODY: 'Forespørgslen er ikke gyldig JSON',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'Forespørgslen mangler indhold',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Indholdstypen understøttes ikke; send application/json',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length passer ikke med indholdet',
    database_full: 'Serverens disk er fuld, så ændringen blev ikke gemt. Kontakt driften; dine ændringer venter på enheden.',
    database_readonly: 'Serveren kan ikke skrive i sin database (skrivebeskyttet). Kontakt driften; dine ændringer venter på enheden.',
    kraever_https:
      'Login kræver en krypteret forbindelse (https). Adgangskoden må ikke sendes ukrypteret over netværket; åbn Tilsyn med https://, eller bed jeres it-afdeling sætte serveren bag en TLS-proxy (se docs/deployment.md).',
    travl: 'Serveren har mange login-forsøg lige nu. Prøv igen om lidt.',
    deaktiveret: 'Brugeren er deaktiveret. Kontakt forvaltningen.',
    brug_kommunens_login: 'Forvaltningen har slået login med adgangskode fra for din bruger. Brug "Log ind med kommunens login".',
    ikke_kommunens_login: 'Dette login er ikke fra kommunens login',
    sig_selv: 'Du kan ikke deaktivere dig selv',
    sidste_admin: 'Der skal være mindst én aktiv forvaltningsbruger',
    ukendt_token: 'API-tokenet findes ikke',
    ukendt_enhed: 'Enheden findes ikke, eller den er allerede logget ud',
    forkert_adgangskode: 'Den nuværende adgangskode er forkert',
    ville_spaerre_dig_ude: 'Log ind med kommunens login (eller markér dig selv som undtaget), før du slår adgangskoder fra',
  },
  server: {
    invalidRequest: 'Ugyldig forespørgsel',
    unreadableRequest: 'Forespørgslen kunne ikke læses',
    noSuchAddress: 'Adressen findes ikke: {{method}} {{path}}',
    wrongLogin: 'Forkert brugernavn eller adgangskode',
    handoffExpired: 'Login-overdragelsen er udløbet eller brugt. Log ind igen.',
    samePassword: 'Den nye adgangskode skal være en anden end den nuværende',
    databaseBusy: 'Databasen er optaget af en anden skrivning. Prøv igen om et øjeblik.',
    databaseTimeout: 'Databasen svarede ikke i tide. Prøv igen om lidt.',
    databaseUnavailable: 'Databasen er ikke tilgængelig lige nu. Dine ændringer er gemt på enheden og sendes, når serveren svarer igen.',
    databaseFileUnavailable: 'Serveren kan ikke læse eller skrive sin databasefil. Kontakt driften; dine ændringer venter på enheden.',
  },
};
