import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Full-cost argon2 operations run one at a time. Each holds 19 MiB while it runs, on one of libuv's
 * four threads: 16 sign-ins arriving together took the server's peak RSS from ~150 to ~225 MiB
 * (four at once). One at a time keeps that to one buffer; on the 2-core machines Duban targets,
 * two at once would only share the cores anyway, and ~50 ms each still allows over 1,000 sign-ins
 * a minute.
 */
let argon2Queue: Promise<unknown> = Promise.resolve();
export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = argon2Queue.then(work, work);
  argon2Queue = run.catch(() => {});
  return run;
}

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export const hashPassword = (password: string): Promise<string> => oneAtATime(() => hash(password));

/**
 * One-time passwords are machine-made with ≥ 69 bits of randomness, so guessing them is infeasible
 * whatever the hash's cost: argon2's memory hardness is there to slow guessing of passwords people
 * choose. They are hashed at 4 MiB and one pass (~1/10 of the cost above), which lets an import of
 * 5,000 people finish in seconds instead of minutes of both cores (bench: "org import"); the user
 * replaces the password at first sign-in, hashed at the full cost. `verify` reads the parameters
 * from the hash itself, so sign-in needs nothing special.
 */
export const hashOneTimePassword = (password: string): Promise<string> =>
  hash(password, { memoryCost: 4096, timeCost: 1, parallelism: 1 });

/** Letters and digits without the look-alikes (0/O, 1/l/I), for passwords read off a printout. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password of at least 12 characters (55^12 ≈ 2^69), with a letter and a digit. */
export function generateOneTimePassword(minLength: number): string {
  const length = Math.max(12, minLength);
  for (;;) {
    let password = '';
    for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
    if (/[A-Za-z]/.test(password) && /\d/.test(password)) return password;
  }
}

export const verifyPassword = (passwordHash: string | null, password: string): Promise<boolean> =>
  passwordHash === null
    ? Promise.resolve(false)
    : oneAtATime(() => verify(passwordHash, password)).catch(() => false);

/** Verified against when the username does not exist, so that timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('duban-no-such-user-0');
  return dummyHash;
}
