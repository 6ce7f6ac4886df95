import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Config } from './config';

/** What every service gets: no globals, no DI container. */
export interface AppContext {
  db: Database;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
}
