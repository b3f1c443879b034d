import type { Role } from '../../shared/accounts';
import type { Actor as JudgeActor } from '../../shared/rules';
import type { SyncMeta } from '../../shared/sync/clientCore';
import { SESSION_META_KEY, SYNC_META_KEY } from './metaKeys';
import type { Session } from '../sync/session';
import type { TilsynDatabase } from './database';

/** Who is working on this device, for the shared write rules and for "who finalised". */
export interface Actor {
  role: Role;
  /** '' when nobody has logged in. */
  displayName: string;
  /** The logged-in user's id; absent when nobody has logged in. */
  userId?: string;
  /** The institutions the user works in, from the latest pull (else the login); absent: not known here (the server judges scope). */
  institutionIds?: readonly string[] | 'all';
  /** Nobody has logged in on this device (the app is used without a server). */
  local?: boolean;
}

/**
 * The logged-in user, or a consultant when nobody has logged in: the app works without a server
 * (a consultant's own laptop, the demo), and only a consultant works on inspections there.
 */
export async function currentActor(db: TilsynDatabase): Promise<Actor> {
  const [session, pulled] = await db.meta.bulkGet([SESSION_META_KEY, SYNC_META_KEY]);
  return actorOf(session?.value as Session | undefined, pulled?.value as Partial<SyncMeta> | undefined);
}

/** The actor from the stored session and sync state (meta rows `SESSION_META_KEY` and `SYNC_META_KEY`). */
export function actorOf(session: Session | undefined, pulled: Partial<SyncMeta> | undefined): Actor {
  if (!session) return { role: 'konsulent', displayName: '', local: true };
  const { displayName, institutionIds, id: userId } = session.user;
  // The scope of the latest complete pull is newer than the login's snapshot (an institution linked
  // or a role changed since): every view and write rule follows it without a new login.
  const scope = pulled?.scope;
  const role = scope?.role ?? session.user.role;
  if (role === 'forvaltning' || scope?.all) return { role, displayName, userId, institutionIds: 'all' };
  return { role, displayName, userId, institutionIds: scope ? scope.institutionIds : institutionIds };
}

/** The actor as the shared write judge (shared/rules) sees it. */
export function judgeActor(actor: Actor): JudgeActor {
  return { role: actor.role, institutionIds: actor.institutionIds ?? 'all', ...(actor.local ? { local: true } : {}), ...(actor.userId ? { userId: actor.userId } : {}) };
}
