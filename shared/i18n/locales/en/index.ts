import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import common from './common';
import efterbesoeg from './efterbesoeg';
import validation from './validation';

export const en = { admin, common, efterbesoeg, validation } satisfies Messages<typeof da>;
