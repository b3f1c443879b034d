import { ErrorBodySchema } from '../../shared/sync/wire';

/** The response schema every route declares for its refusals: the one error body (server/errors.ts). */
export const ERROR_REPLIES = { '4xx': ErrorBodySchema } as const;
