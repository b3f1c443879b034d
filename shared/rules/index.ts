/**
 * The write judge: every rule about who may write what, in one table (table.ts), judged by one pure
 * function (judge.ts), answering with codes whose Danish messages are written once (messages.ts).
 *
 *   const verdict = judge(actor, 'themeScore', current, { fields: { step: 3 } }, { parentStatus: 'i_gang' });
 *   if (!verdict.ok) show(reasonMessage(verdict)); // "En leder kan aldrig ændre scorer"
 *
 * - `actor`: `{ role, institutionIds: string[] | 'all', local? }` (local: a device's not-logged-in user, a konsulent).
 * - `current`: the record as stored; `undefined` when the change creates it.
 * - `change`: `{ fields, next?, recordId? }`: the fields the change sets (fields equal to the current
 *   value are no change and are not judged), the record after the change, its id (creation).
 * - `context`: `{ parentStatus?, parentInstitutionId? }` for child records (no parentStatus: the
 *   parent does not exist, which is refused).
 *
 * Checks only the server can make (version n − 1 exists, the anbefaling is the
 * inspection's, the framework exists, visibility) are server/sync/serverChecks.ts; their codes
 * (`ServerCheckCode`) have their messages here too.
 */
export { judge } from './judge';
export { LEDER_NEVER_SCORES, reasonMessage } from './messages';
export { RECORD_RULES, type RecordRules, type RoleRule } from './table';
export type { Actor, Change, JudgeContext, ReasonCode, ReasonParams, Refusal, RuleCode, ServerCheckCode, Verdict } from './types';
