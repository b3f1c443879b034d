/** zod messages of the shared schemas (called through msg() in shared/, translated at parse time). */
export default {
  date: {
    required: 'Angiv en dato',
    iso: 'Datoen skal skrives som ÅÅÅÅ-MM-DD',
    notADate: 'Datoen findes ikke',
    time: 'Skriv tidspunktet som tt:mm',
    format: 'Skriv datoen som dd.mm.åååå, fx 30.06.2021',
  },
  maxChars: 'Højst {{max}} tegn',
  personName: 'Skriv et navn eller fjern linjen',
  inspection: {
    visitType: 'Vælg anmeldt eller uanmeldt',
    kind: 'Vælg ordinært eller skærpet tilsyn',
    concernLevel: 'Vælg ingen bekymring, bekymring eller alvorlig bekymring',
    institution: 'Vælg en institution',
    maxConsultants: 'Højst 6 konsulenter',
    noConsultant: 'Angiv mindst én konsulent',
    finalInFuture: 'Et endeligt tilsyn kan ikke have en dato i fremtiden',
    notAssessedReason: 'Skriv hvorfor temaet ikke er vurderet',
    stepAndNotAssessed: 'Et tema kan ikke både have et trin og være ikke vurderet',
    ownerRole: 'Vælg en ansvarlig rolle',
    verification: 'Vælg hvordan påbuddet efterprøves',
  },
  observation: {
    minutes: 'Skriv varigheden i minutter',
    wholeMinutes: 'Skriv varigheden i hele minutter',
    minMinutes: 'Mindst 1 minut',
    maxMinutes: 'Højst 480 minutter',
    place: 'Skriv sted eller gruppe',
    text: 'Skriv hvad du så',
  },
  dialogue: {
    maxLeders: 'Højst 6 ledere',
    maxStaff: 'Højst 20 medarbejderrepræsentanter',
  },
  relation: {
    kind: 'Vælg en relation',
    max: 'Højst 200 relationer',
    overrideReason: 'Skriv en begrundelse på mindst 10 tegn',
  },
  step: {
    choose: 'Vælg et trin fra 1 til 4',
    whole: 'Trinnet skal være et helt tal fra 1 til 4',
    range: 'Trinnet skal være fra 1 til 4',
  },
  unknownTheme: 'Ukendt tema',
};
