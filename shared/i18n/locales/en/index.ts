import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import common from './common';
import inspection from './inspection';
import institutions from './institutions';
import records from './records';
import rules from './rules';
import validation from './validation';

export const en = { admin, common, records, validation, inspection, institutions, rules } satisfies Messages<typeof da>;
