/** Which item actions to offer: the server's `permissions` when it sends them, else derived from roles (spec §7). */
import type { Item, ItemPermissions, Role } from '../../api/types';

export function itemPermissions(
  item: Pick<Item, 'status' | 'permissions'>,
  roles: readonly Role[],
): Required<Pick<ItemPermissions, 'close' | 'reopen' | 'urge' | 'edit'>> {
  const has = (r: Role) => roles.includes(r);
  const open = item.status === 'open';
  const derived = {
    close: open && (has('supervisor') || has('admin')),
    reopen: !open && has('admin'),
    urge: open && (has('supervisor') || has('admin') || has('leader')),
    edit: has('admin'),
  };
  const p = item.permissions;
  if (!p) return derived;
  return {
    close: p.close ?? derived.close,
    reopen: p.reopen ?? derived.reopen,
    urge: p.urge ?? derived.urge,
    edit: p.edit ?? derived.edit,
  };
}
