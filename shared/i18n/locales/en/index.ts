import type { Messages } from '../../messages';
import type { da } from '../da';
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

export const en = { admin, besoeg2, common, dobbeltscoring, import: importNs, kalibrering, records, validation, errors, sync, report, hoering, followUp, dashboard } satisfies Messages<typeof da>;
