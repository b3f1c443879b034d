import { translate } from '../../shared/i18n/i18n';

/**
 * Database faults a request can meet, told apart from bugs: the database is gone or restarting,
 * busy, out of space or read-only. They become a 503 with a Danish reason and Retry-After (clients
 * keep their outbox and try again); nothing was stored, since every write runs in a transaction.
 */
export interface DatabaseFault {
  kind: 'unavailable' | 'busy' | 'full' | 'readonly';
  message: string;
  retryAfterSeconds: number;
}

/** PostgreSQL SQLSTATE classes and codes that mean "the connection or server", not our query. */
const PG_UNAVAILABLE = /^(08|57P0[1-4]|53300|53400|58)/;
const NODE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

export function databaseFault(error: unknown): DatabaseFault | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';

  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { kind: 'busy', message: translate('errors:server.databaseBusy'), retryAfterSeconds: 2 };
  }
  if (code.startsWith('SQLITE_FULL') || code === '53100' /* disk_full */ || code === 'ENOSPC') {
    return { kind: 'full', message: translate('errors:code.database_full'), retryAfterSeconds: 300 };
  }
  if (code.startsWith('SQLITE_READONLY') || code === '25006' /* read_only_sql_transaction */ || code === 'EROFS' || code === 'EACCES') {
    return { kind: 'readonly', message: translate('errors:code.database_readonly'), retryAfterSeconds: 300 };
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return { kind: 'unavailable', message: translate('errors:server.databaseFileUnavailable'), retryAfterSeconds: 60 };
  }
  if (PG_UNAVAILABLE.test(code) || NODE_NETWORK.has(code) || PG_CLIENT_MESSAGES.test(message)) {
    return { kind: 'unavailable', message: translate('errors:server.databaseUnavailable'), retryAfterSeconds: 5 };
  }
  if (code === '57014' /* query_canceled: statement_timeout */) {
    return { kind: 'busy', message: translate('errors:server.databaseTimeout'), retryAfterSeconds: 5 };
  }
  return null;
}
