import admin from './admin';
import common from './common';
import inspection from './inspection';
import institutions from './institutions';
import records from './records';
import rules from './rules';
import validation from './validation';

/** Every Danish namespace. A new namespace: a file here, the same file under ../en, and a line in both indexes. */
export const da = { admin, common, records, validation, inspection, institutions, rules };
