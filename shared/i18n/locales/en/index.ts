import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import errors from './errors';
import sync from './sync';
import validation from './validation';

export const en = { common, validation, errors, sync } satisfies Messages<typeof da>;
