// One way to open the database for every part of arflow: Prisma 7's client over node-postgres.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

export interface DbOptions {
  /** Pool size. The embedded PGlite server multiplexes every connection onto one session, so it must be 1. */
  poolMax?: number;
}

export function openDb(connectionString: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.poolMax ?? 10 });
  return new PrismaClient({ adapter });
}
