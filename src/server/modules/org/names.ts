/** Users' display names by id, as loaded for presenting a page of results. */
export type Names = ReadonlyMap<string, { name: string; departmentId?: string; disabled?: boolean }>;

/** The name of whoever acted; no one (null) means the system itself (系统). */
export const nameOrSystem = (userId: string | null, names: Names): string | null =>
  userId === null ? '系统' : (names.get(userId)?.name ?? null);
