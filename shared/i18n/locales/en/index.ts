import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import dobbeltscoring from './dobbeltscoring';
import validation from './validation';

export const en = { common, validation, dobbeltscoring } satisfies Messages<typeof da>;
