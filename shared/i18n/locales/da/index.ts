import admin from './admin';
import besoeg2 from './besoeg2';
import common from './common';
import inspection from './inspection';
import institutions from './institutions';
import dobbeltscoring from './dobbeltscoring';
import importNs from './import';
import kalibrering from './kalibrering';
import records from './records';
import rules from './rules';
import validation from './validation';

/** Every Danish namespace. A new namespace: a file here, the same file under ../en, and a line in both indexes. */
export const da = { admin, besoeg2, common, dobbeltscoring, import: importNs, kalibrering, records, validation, inspection, institutions, rules };
