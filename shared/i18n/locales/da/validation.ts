/** zod messages of the shared schemas (called through msg() in shared/, translated at parse time). */
export default {
  date: {
    required: 'Angiv en dato',
    iso: 'Datoen skal skrives som ÅÅÅÅ-MM-DD',
    notADate: 'Datoen findes ikke',
    time: 'Skriv tidspunktet som tt:mm',
    format: 'Skriv datoen som dd.mm.åååå, fx 30.06.2021',
  },
};
