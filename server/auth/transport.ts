import type { FastifyRequest } from 'fastify';
import { codedError } from '../errors';

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Passwords travel only over TLS. A request counts as secure when its own socket is TLS, or when a
 * trusted proxy (TILSYN_TRUSTED_PROXIES) says so with `X-Forwarded-Proto: https`: Fastify's
 * `request.protocol` reads that header only from a trusted peer, and `request.ip` is the client the
 * trusted proxy names. Plain HTTP is allowed only when both the peer and the client are on this
 * machine (development, tests, a proxy on the same host that itself received https), or when the
 * operator has said so with TILSYN_ALLOW_INSECURE_HTTP=1. A proxy on this machine that says
 * `X-Forwarded-Proto: http` is believed even untrusted: believing "insecure" can only refuse.
 */
export function assertSecureTransport(request: FastifyRequest, allowInsecureHttp: boolean): void {
  if (allowInsecureHttp || request.protocol === 'https') return;
  const forwardedPlain = /(^|,)\s*http\s*$/i.test(String(request.headers['x-forwarded-proto'] ?? ''));
  if (isLoopback(request.socket.remoteAddress) && isLoopback(request.ip) && !forwardedPlain) return;
  throw codedError(403, 'kraever_https');
}
