import { useLiveQuery } from 'dexie-react-hooks';
import { currentActor, type Actor } from '../db/actor';
import { useDatabase } from './context';

/** The logged-in user's role and name (a consultant when nobody is logged in); undefined while loading. */
export function useActor(): Actor | undefined {
  const db = useDatabase();
  return useLiveQuery(() => currentActor(db), [db]);
}
