import admin from './admin';
import besoeg2 from './besoeg2';
import common from './common';
import dashboard from './dashboard';
import dobbeltscoring from './dobbeltscoring';
import errors from './errors';
import followUp from './followUp';
import hoering from './hoering';
import importNs from './import';
import kalibrering from './kalibrering';
import records from './records';
import report from './report';
import sync from './sync';
import validation from './validation';

/** Every Danish namespace. A new namespace: a file here, the same file under ../en, and a line in both indexes. */
export const da = { admin, besoeg2, common, dobbeltscoring, import: importNs, kalibrering, records, validation, errors, sync, report, hoering, followUp, dashboard };
