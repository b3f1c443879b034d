import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import errors from './errors';
import validation from './validation';

export const en = { common, validation, errors } satisfies Messages<typeof da>;
