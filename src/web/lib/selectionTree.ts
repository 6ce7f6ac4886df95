/**
 * Stands in, in the build only, for rc-tree where antd's row selection imports it
 * (`antd/es/table/hooks/useSelection.js`; vite.config.ts, `BUILD_SUBSTITUTES`). Row selection needs
 * rc-tree's key entities and check conduction only for `checkStrictly: false` (ticking a parent row
 * ticks its children); with the default `checkStrictly: true`, the only kind of selection here
 * (督办查询's 批量催办, flat rows), it only adds and removes keys. rc-tree's helpers were about 3 KB
 * gzip on 督办查询's first screen (issue 12). The build refuses UI code that sets `checkStrictly`
 * (`LEFT_OUT_TABLE_PARTS`); the unit tests use rc-tree itself (vitest does not read vite.config.ts).
 */

/** The list without `value` (rc-tree's `arrDel`). */
export function arrDel<T>(list: T[] | undefined, value: T): T[] {
  return (list ?? []).filter((v) => v !== value);
}

/** The list with `value` at the end unless it is there already (rc-tree's `arrAdd`). */
export function arrAdd<T>(list: T[] | undefined, value: T): T[] {
  const clone = (list ?? []).slice();
  if (!clone.includes(value)) clone.push(value);
  return clone;
}

function notInTheBuild(): never {
  throw new Error('Row selection with checkStrictly: false is left out of the build: see BUILD_SUBSTITUTES');
}

/** Only called for `checkStrictly: false`. */
export const conductCheck = notInTheBuild;
/** Only called for `checkStrictly: false`. */
export const convertDataToEntities = notInTheBuild;
