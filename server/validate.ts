import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { HttpError, describeIssues, issuesOf } from './errors';

/** Danish messages for zod's built-in checks; the schemas' own messages take precedence. */
export const danishErrors = z.locales.da().localeError;

/**
 * Fastify's validator for the routes' zod schemas (body, querystring, params). The type provider's
 * own compiler parses without an error map, so zod's built-in checks would answer in English; a
 * failure is the ZodError itself, which the error handler turns into a 400 naming each field.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { error: danishErrors });
    return result.success ? { value: result.data } : { error: result.error };
  };

/** Parse with the Danish error map; a failure is a 400 naming each field (for checks inside services). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'Ugyldig forespørgsel'): z.output<S> {
  const result = schema.safeParse(value, { error: danishErrors });
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new HttpError(400, `${what}: ${describeIssues(issues)}`, { code: 'ugyldig', issues });
  }
  return result.data;
}
