import type { Messages } from '../../messages';
import type { da } from '../da';
import common from './common';
import dashboard from './dashboard';
import errors from './errors';
import followUp from './followUp';
import hoering from './hoering';
import report from './report';
import sync from './sync';
import validation from './validation';

export const en = { common, validation, errors, sync, report, hoering, followUp, dashboard } satisfies Messages<typeof da>;
