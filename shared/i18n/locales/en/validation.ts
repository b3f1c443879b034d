import type { Messages } from '../../messages';
import type da from '../da/validation';

export default {
  date: {
    required: 'Enter a date',
    iso: 'Write the date as YYYY-MM-DD',
    notADate: 'That date does not exist',
    time: 'Write the time as hh:mm',
    format: 'Write the date as dd/mm/yyyy, e.g. 30/06/2021',
  },
} satisfies Messages<typeof da>;
