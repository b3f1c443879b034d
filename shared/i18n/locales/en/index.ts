import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import common from './common';
import dobbeltscoring from './dobbeltscoring';
import records from './records';
import validation from './validation';

export const en = { admin, common, dobbeltscoring, records, validation } satisfies Messages<typeof da>;
