import { z } from 'zod';
import { HttpError, describeIssues, issuesOf } from './errors';

/** Danish messages for zod's built-in checks; the schemas' own messages take precedence. */
export const danishErrors = z.locales.da().localeError;

/** Parse with the Danish error map; a failure is a 400 naming each field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'Ugyldig forespørgsel'): z.output<S> {
  const result = schema.safeParse(value, { error: danishErrors });
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new HttpError(400, `${what}: ${describeIssues(issues)}`, { code: 'ugyldig', issues });
  }
  return result.data;
}
