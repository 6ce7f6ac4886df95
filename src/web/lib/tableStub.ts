/**
 * Stands in, in the build only, for the parts of antd's Table that no list of Duban uses and that
 * the Table imports statically all the same (vite.config.ts, `BUILD_SUBSTITUTES`): the column
 * filter dropdown (with Dropdown, Menu, Tree, Checkbox, Radio and rc-tree's virtual list), the
 * `selections` menu and the radio of row selection, and the virtual table: 18–33 KB gzip on each
 * page with a table (docs/benchmarks.md).
 *
 * A column with `filters`, `filterDropdown` or `onFilter`, a `rowSelection` of type `radio` or with
 * `selections`, or a `virtual` table would render this stub, which throws; the build refuses such code
 * (`LEFT_OUT_TABLE_PARTS`): remove the part from `BUILD_SUBSTITUTES` in vite.config.ts to use it. The
 * unit tests use the real modules (vitest does not read vite.config.ts).
 */
function NotInTheBuild(): never {
  throw new Error(
    'This part of antd’s Table is left out of the build: see BUILD_SUBSTITUTES in vite.config.ts',
  );
}

export default NotInTheBuild;

/** Read by the Table's filter state for columns with `filters`; none has any. */
export function flattenKeys(): unknown[] {
  return [];
}
