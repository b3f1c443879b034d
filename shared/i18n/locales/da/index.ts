import common from './common';
import dashboard from './dashboard';
import errors from './errors';
import followUp from './followUp';
import hoering from './hoering';
import report from './report';
import sync from './sync';
import validation from './validation';

/** Every Danish namespace. A new namespace: a file here, the same file under ../en, and a line in both indexes. */
export const da = { common, validation, errors, sync, report, hoering, followUp, dashboard };
