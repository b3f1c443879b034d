import admin from './admin';
import besoeg2 from './besoeg2';
import common from './common';
import dashboard from './dashboard';
import dobbeltscoring from './dobbeltscoring';
import efterbesoeg from './efterbesoeg';
import errors from './errors';
import followUp from './followUp';
import hoering from './hoering';
import importNs from './import';
import inspection from './inspection';
import institutions from './institutions';
import kalibrering from './kalibrering';
import records from './records';
import report from './report';
import rules from './rules';
import skaerpet from './skaerpet';
import sync from './sync';
import validation from './validation';

/** Every Danish namespace. A new namespace: a file here, the same file under ../en, and a line in both indexes. */
export const da = { admin, besoeg2, common, dashboard, dobbeltscoring, efterbesoeg, errors, followUp, hoering, import: importNs, inspection, institutions, kalibrering, records, report, rules, skaerpet, sync, validation };
