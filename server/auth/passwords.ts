import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { passwordQueue } from './passwordQueue';

/** argon2id with OWASP's memory-hard baseline (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return passwordQueue.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordQueue.run(async () => {
    passwordQueue.verifications += 1;
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

let dummy: Promise<string> | null = null;
/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hash('tilsyn-dummy-password', OPTIONS);
  await verifyPassword(await dummy, password);
  return false;
}
