import { v7 } from 'uuid';

/** Time-ordered UUIDs keep new rows at the right end of primary-key indexes. */
export const newId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are not validated by schema: a malformed one is simply a resource that does not exist. */
export const isUuid = (value: string): boolean => UUID.test(value);
