import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import kalibrering from './kalibrering';

export const en = { common, kalibrering } satisfies Messages<typeof da>;
