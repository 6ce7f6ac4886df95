import { v7 } from 'uuid';

/** Time-ordered UUIDs keep new rows at the right end of primary-key indexes. */
export const newId = (): string => v7();
