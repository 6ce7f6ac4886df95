/** The ledger import's queries (the export reads through items/list-repository.ts). */
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';

export interface UserLookupRow {
  id: string;
  username: string;
  name: string;
  departmentId: string;
  position: 'head' | 'deputy' | 'staff';
  disabled: boolean;
}

/** Every user, for resolving the 台账's names (one query per import, not one per row). */
export function listUsersForLookup(db: Database) {
  return queryRows<UserLookupRow>(
    db,
    sql`select id, username, name, department_id as "departmentId", position, disabled from users`,
  );
}
