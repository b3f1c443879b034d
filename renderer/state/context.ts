import { createContext, useContext } from 'react';
import type { TilsynDatabase } from '../db/database';

export const DatabaseContext = createContext<TilsynDatabase | null>(null);

export function useDatabase(): TilsynDatabase {
  const db = useContext(DatabaseContext);
  if (!db) throw new Error('DatabaseContext mangler');
  return db;
}
