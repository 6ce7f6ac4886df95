import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client';
import type { Config } from './config';

/** The clock is injected so that tests can move time (session expiry, deadlines). */
export type Clock = () => Date;

/** What every service gets: no globals, no DI container. */
export interface AppContext {
  db: Database;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
}
