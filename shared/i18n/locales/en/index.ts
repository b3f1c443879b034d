import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import inspection from './inspection';
import institutions from './institutions';
import rules from './rules';
import validation from './validation';

export const en = { common, validation, inspection, institutions, rules } satisfies Messages<typeof da>;
