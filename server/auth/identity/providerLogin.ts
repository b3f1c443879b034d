import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/accounts';
import { uuidv7 } from '../../../shared/ids';
import type { Database } from '../../db/schema';
import { writeTransaction } from '../../db/sequence';
import { loadAuthUser, type AuthUser } from '../tokens';
import { IdentityRefused, type ProviderIdentity } from './adapter';
import type { ProviderConfig } from './providerConfig';

/**
 * Tilsyn's rules for a person the provider vouched for, whatever the protocol: one provider subject
 * is one Tilsyn user; where a role mapping is configured the role follows the provider's claim at
 * each login; institutions are always Tilsyn's own. Unknown people are created (without
 * institutions) or refused, as configured.
 */
export type IdentityRules = Pick<ProviderConfig, 'roleClaim' | 'roleMap' | 'unknownUsers' | 'linkByUsername'>;

/** A password that can never be typed: argon2 refuses to verify it (server/auth/passwords.ts). */
export const NO_PASSWORD = '!kun-kommunens-login';

/** When several mapped values are present, the widest role wins (forvaltning, then konsulent, then leder). */
const ROLE_ORDER: readonly Role[] = ['forvaltning', 'konsulent', 'leder'];

/** The role the claim gives, null when no mapping is configured (the role is then Tilsyn's). Throws when mapped but none fits. */
export function roleFromClaim(identity: ProviderIdentity, rules: IdentityRules): Role | null {
  if (Object.keys(rules.roleMap).length === 0) return null;
  if (identity.roleValues === 'overage')
    throw new IdentityRefused(
      'gruppe_overskud',
      `Du er medlem af for mange grupper til, at kommunens login kan sende dem med (claim "${rules.roleClaim}"). ` +
        'Bed it-afdelingen bruge app-roller eller tildele grupperne til Tilsyn-appen (se docs/login.md).',
    );
  const mapped = new Set(identity.roleValues.map((v) => rules.roleMap[v]).filter((r): r is Role => r !== undefined));
  const role = ROLE_ORDER.find((r) => mapped.has(r));
  if (!role) throw new IdentityRefused('ingen_rolle', 'Din bruger har ingen Tilsyn-rolle i kommunens login. Bed it-afdelingen tildele dig en rolle til Tilsyn.');
  return role;
}

export interface ProviderLoginResult {
  user: AuthUser;
  created: boolean;
  linked: boolean;
  roleChanged: { from: Role; to: Role } | null;
}

export async function userForIdentity(db: Kysely<Database>, identity: ProviderIdentity, rules: IdentityRules, now = new Date()): Promise<ProviderLoginResult> {
  const role = roleFromClaim(identity, rules);
  const iso = now.toISOString();
  const result = await writeTransaction(db, async (trx) => {
    let linked = false;
    let created = false;
    const known = await trx.selectFrom('oidc_identities').select('user_id').where('provider', '=', identity.provider).where('subject', '=', identity.subject).executeTakeFirst();
    let userId = known?.user_id ?? null;
    if (!userId && rules.linkByUsername && identity.username) {
      const same = await trx.selectFrom('users').select('id').where('username', '=', identity.username).executeTakeFirst();
      const taken = same ? await trx.selectFrom('oidc_identities').select('subject').where('user_id', '=', same.id).where('provider', '=', identity.provider).executeTakeFirst() : undefined;
      if (same && !taken) {
        userId = same.id;
        linked = true;
      }
    }
    if (!userId) {
      if (rules.unknownUsers === 'refuse')
        throw new IdentityRefused('ukendt_bruger', 'Du er ikke oprettet i Tilsyn. Bed forvaltningen oprette dig, og log så ind igen.');
      if (!role) throw new IdentityRefused('ingen_rolle', 'Tilsyn kan ikke oprette dig: kommunens login sender ingen rolle. Bed forvaltningen oprette dig.');
      userId = uuidv7();
      await trx
        .insertInto('users')
        .values({
          id: userId,
          username: await freeUsername(trx, identity),
          display_name: identity.displayName ?? identity.username ?? 'Ny bruger',
          role,
          password_hash: NO_PASSWORD,
          disabled: 0,
          scope_epoch: 0,
          created_at: iso,
          updated_at: iso,
        })
        .execute();
      created = true;
    }
    if (!known) await trx.insertInto('oidc_identities').values({ provider: identity.provider, subject: identity.subject, user_id: userId, created_at: iso, last_login_at: iso }).execute();
    else await trx.updateTable('oidc_identities').set({ last_login_at: iso }).where('provider', '=', identity.provider).where('subject', '=', identity.subject).execute();

    const u = await trx.selectFrom('users').select(['role', 'disabled', 'scope_epoch']).where('id', '=', userId).executeTakeFirstOrThrow();
    if (u.disabled) throw new IdentityRefused('deaktiveret', 'Brugeren er deaktiveret i Tilsyn. Kontakt forvaltningen.');
    let roleChanged: ProviderLoginResult['roleChanged'] = null;
    if (role && role !== u.role && !created) {
      if (u.role === 'forvaltning') {
        const others = await trx.selectFrom('users').select('id').where('role', '=', 'forvaltning').where('disabled', '=', 0).where('id', '!=', userId).execute();
        if (others.length === 0) throw new IdentityRefused('sidste_admin', 'Kommunens login har fjernet din forvaltningsrolle, men du er den sidste aktive forvaltningsbruger. Kontakt it-afdelingen.');
      }
      // Like an admin's role change: the scope epoch makes the device pull again what it may now see.
      await trx.updateTable('users').set({ role, scope_epoch: u.scope_epoch + 1, updated_at: iso }).where('id', '=', userId).execute();
      roleChanged = { from: u.role, to: role };
    }
    return { userId, created, linked, roleChanged };
  });
  const user = await loadAuthUser(db, result.userId);
  if (!user) throw new IdentityRefused('deaktiveret', 'Brugeren er deaktiveret i Tilsyn. Kontakt forvaltningen.');
  return { user, created: result.created, linked: result.linked, roleChanged: result.roleChanged };
}

/** A username for a new user: the provider's proposal cleaned to Tilsyn's rules, with -2, -3 … when taken. */
async function freeUsername(db: Kysely<Database>, identity: ProviderIdentity): Promise<string> {
  const cleaned = (identity.username ?? '').toLowerCase().replace(/[^a-z0-9._@-]/g, '').slice(0, 60);
  const base = cleaned.length >= 2 ? cleaned : `bruger-${identity.subject.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await db.selectFrom('users').select('id').where('username', '=', candidate).executeTakeFirst())) return candidate;
  }
}

