import { z } from 'zod';

/** Base fields every synced record carries. `rev` is the server revision the local copy is based on (0: never synced). */
export const recordBase = {
  id: z.string().min(1),
  rev: z.number().int().min(0).default(0),
  updatedAt: z.string().default(() => new Date().toISOString()),
};
