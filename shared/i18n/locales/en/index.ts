import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import besoeg2 from './besoeg2';
import common from './common';
import dobbeltscoring from './dobbeltscoring';
import efterbesoeg from './efterbesoeg';
import importNs from './import';
import kalibrering from './kalibrering';
import records from './records';
import skaerpet from './skaerpet';
import validation from './validation';

export const en = { admin, besoeg2, common, dobbeltscoring, efterbesoeg, import: importNs, kalibrering, records, skaerpet, validation } satisfies Messages<typeof da>;
