import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';

export const en = { common } satisfies Messages<typeof da>;
