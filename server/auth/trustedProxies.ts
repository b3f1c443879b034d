import { isIP } from 'node:net';

/** proxy-addr's names for address ranges (Fastify's `trustProxy` compiles the list with proxy-addr). */
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `TILSYN_TRUSTED_PROXIES`: comma-separated addresses or CIDRs of the reverse proxies whose
 * `X-Forwarded-For` we believe. Empty: no proxy is trusted, the peer's own address counts, and a
 * forged header changes nothing. Throws a Danish message naming the entry that is not an address.
 */
export function parseTrustedProxies(text: string | undefined): string[] {
  const entries = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (NAMED.has(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    const ok = family !== 0 && rest.length === 0 && (bits === null || (bits >= 0 && bits <= (family === 4 ? 32 : 128)));
    if (!ok) throw new Error(`TILSYN_TRUSTED_PROXIES: "${entry}" er hverken en IP-adresse, en CIDR-blok (fx 10.0.0.0/8) eller loopback/linklocal/uniquelocal`);
  }
  return entries;
}
