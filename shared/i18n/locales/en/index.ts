import type { Messages } from '../../messages';
import type { da } from '../da';
import admin from './admin';
import besoeg2 from './besoeg2';
import common from './common';
import validation from './validation';

export const en = { admin, besoeg2, common, validation } satisfies Messages<typeof da>;
