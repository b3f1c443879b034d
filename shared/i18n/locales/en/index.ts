import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import validation from './validation';

export const en = { common, validation } satisfies Messages<typeof da>;
