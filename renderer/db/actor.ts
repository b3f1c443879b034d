import type { Role } from '../../shared/accounts';
import { getSession } from '../sync/session';
import type { TilsynDatabase } from './database';

/** Who is working on this device, for the lifecycle's role rules and for "who finalised". */
export interface Actor {
  role: Role;
  /** '' when nobody has logged in. */
  displayName: string;
}

/**
 * The logged-in user, or a consultant when nobody has logged in: the app works without a server
 * (a consultant's own laptop, the demo), and only a consultant works on inspections there.
 */
export async function currentActor(db: TilsynDatabase): Promise<Actor> {
  const session = await getSession(db);
  return session ? { role: session.user.role, displayName: session.user.displayName } : { role: 'konsulent', displayName: '' };
}
