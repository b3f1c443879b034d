import { describe, expect, it } from 'vitest';
import { databaseFault } from '../../../server/db/faults';

const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseFault', () => {
  it.each([
    [err('SQLITE_BUSY'), 'busy'],
    [err('SQLITE_BUSY_SNAPSHOT'), 'busy'],
    [err('SQLITE_FULL'), 'full'],
    [err('53100'), 'full'],
    [err('ENOSPC'), 'full'],
    [err('SQLITE_READONLY'), 'readonly'],
    [err('SQLITE_READONLY_DBMOVED'), 'readonly'],
    [err('25006'), 'readonly'],
    [err('SQLITE_IOERR_WRITE'), 'unavailable'],
    [err('SQLITE_CANTOPEN'), 'unavailable'],
    [err('57P01', 'terminating connection due to administrator command'), 'unavailable'],
    [err('57P03', 'the database system is starting up'), 'unavailable'],
    [err('08006'), 'unavailable'],
    [err('53300'), 'unavailable'],
    [err('ECONNREFUSED'), 'unavailable'],
    [err('ECONNRESET'), 'unavailable'],
    [new Error('Connection terminated unexpectedly'), 'unavailable'],
    [new Error('timeout exceeded when trying to connect'), 'unavailable'],
    [err('57014', 'canceling statement due to statement timeout'), 'busy'],
  ])('%s → %s, with a Danish message and Retry-After', (error, kind) => {
    const f = databaseFault(error);
    expect(f?.kind).toBe(kind);
    expect(f!.retryAfterSeconds).toBeGreaterThan(0);
    expect(f!.message).toMatch(/[æøå]/);
  });

  it.each([[err('23505', 'duplicate key')], [err('42P01', 'relation does not exist')], [err('SQLITE_CONSTRAINT_UNIQUE')], [new TypeError('x is undefined')], [null], ['text']])(
    'a bug or a constraint is not a fault: %s',
    (error) => expect(databaseFault(error)).toBeNull(),
  );
});
