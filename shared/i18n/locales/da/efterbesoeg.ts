/** After the visit (issue 13): the case file for the state's tilsynsrejsehold, withdrawing a publication. */
export default {
  caseFile: {
    label: 'Sagsmappe til tilsynsrejseholdet',
    pdf: 'Hent sagsmappe (PDF)',
    html: 'Hent sagsmappe (HTML)',
    json: 'Hent som data (JSON)',
    failed: 'Sagsmappen kunne ikke hentes.',
  },
  withdraw: {
    summary: 'Træk offentliggørelsen tilbage',
    intro: 'Rapporten fjernes fra kommunens offentlige side. Fristen for offentliggørelse regnes derefter fra den forrige offentliggørelse, hvis der er en. Offentliggørelsen og tilbagetrækningen gemmes begge.',
    date: 'Dato for tilbagetrækningen',
    reason: 'Begrundelse (vises ikke på den offentlige side)',
    reasonRequired: 'Skriv hvorfor offentliggørelsen trækkes tilbage',
    dateRequired: 'Angiv datoen for tilbagetrækningen',
    button: 'Træk offentliggørelsen tilbage',
    failed: 'Offentliggørelsen kunne ikke trækkes tilbage.',
    done: 'Offentliggørelsen blev trukket tilbage {{date}} af {{who}}. Begrundelse: {{reason}}',
    notPublic: 'Rapporten vises ikke længere på kommunens offentlige side. For at offentliggøre igen: ret rapporten (Ret endelig rapport), og offentliggør den nye version.',
    whoRequired: 'Angiv hvem der trækker offentliggørelsen tilbage',
    text: 'Trukket tilbage {{date}} af {{who}}: {{reason}}',
  },
};
