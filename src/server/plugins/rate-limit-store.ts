/**
 * @fastify/rate-limit's in-memory store, answering each request with its own count.
 *
 * The library's LocalStore hands every request the same mutable record for a key and the plugin
 * reads `current` from it only after an `await`: requests that arrive together all read the count of
 * the last one. Sixty-one logins sent at once from one address were all refused (429), the sixty
 * the limit allows included. This wrapper copies the record as each increment leaves the store.
 */
import { createRequire } from 'node:module';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';

interface Counted {
  current: number;
  ttl: number;
}
type Callback = (error: Error | null, result?: Counted) => void;
interface LocalStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
}
interface StoreOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
}

const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding?: boolean,
  exponentialBackoff?: boolean,
) => LocalStore;

export class SnapshotStore implements FastifyRateLimitStore {
  private readonly inner: LocalStore;

  constructor(options: StoreOptions) {
    this.inner = new LocalStore(options.continueExceeding, options.exponentialBackoff);
  }

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.inner.incr(
      key,
      (error, result) => callback(error, result && { current: result.current, ttl: result.ttl }),
      timeWindow,
      max,
    );
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): SnapshotStore {
    // The merged options of a route's `config.rateLimit` (the plugin passes them at run time).
    return new SnapshotStore(routeOptions as StoreOptions);
  }
}
