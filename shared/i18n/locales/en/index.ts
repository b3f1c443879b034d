import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import common from './common';
import records from './records';
import validation from './validation';

export const en = { admin, common, records, validation } satisfies Messages<typeof da>;
