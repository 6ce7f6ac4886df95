/**
 * 选人 in one field: an antd Select whose options are the server's answer to what is typed (name,
 * username, pinyin initials, department), one debounced request per pause. The chosen people's
 * names come from the options they were chosen from, or from the server by id.
 */
import { Select, type SelectProps, Spin } from 'antd';
import { useMemo, useState } from 'react';
import type { User } from '../api/types';
import { useOrg } from '../lib/org';
import {
  SEARCH_DEBOUNCE_MS,
  SEARCH_PAGE,
  type UserFilter,
  useDebounced,
  useRememberUsers,
  useUserSearch,
  useUsersByIds,
} from '../lib/users';

type Value = string | string[] | undefined;

export interface UserSelectProps
  extends Omit<SelectProps<Value>, 'options' | 'onSearch' | 'showSearch' | 'filterOption' | 'onChange'> {
  /** Whom the server lists; the text typed narrows it. */
  filter?: UserFilter;
  /** People of the answer that may not be chosen here. */
  exclude?: (user: User) => boolean;
  onChange?: (value: Value) => void;
}

/** Every person picker that is one field: 代理人, 接替人, 办理人员, 操作人… */
export function UserSelect({ filter = {}, exclude, value, onChange, ...rest }: UserSelectProps) {
  const org = useOrg();
  const [text, setText] = useState('');
  const q = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const search = useUserSearch(q, filter);
  const remember = useRememberUsers();
  const chosen = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const found = useMemo(
    () => (exclude ? search.users.filter((u) => !exclude(u)) : search.users),
    [search.users, exclude],
  );
  const foundIds = new Set(found.map((u) => u.id));
  const named = useUsersByIds(chosen.filter((id) => !foundIds.has(id)));
  const option = (u: User) => ({ value: u.id, label: `${u.name}（${org.departmentName(u.departmentId)}）` });
  // The chosen people stay among the options, so that the field shows their names, not ids.
  const kept = chosen
    .filter((id) => !foundIds.has(id))
    .map((id) => named.get(id))
    .filter((u): u is User => u !== undefined);
  const options = [...found, ...kept].map(option);
  const notFound = search.waiting
    ? '输入姓名、用户名、拼音首字母或部门查找'
    : search.loading || text !== q
      ? '正在查找…'
      : '没有可选人员';

  return (
    <Select<Value>
      {...rest}
      className={['user-select', rest.className].filter(Boolean).join(' ')}
      value={value}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      options={options}
      notFoundContent={search.loading ? <Spin size="small" /> : notFound}
      popupRender={(menu) => (
        <>
          {menu}
          {search.more ? (
            <div className="user-select-more">仅列出前 {SEARCH_PAGE} 人，请输入更多字缩小范围</div>
          ) : null}
        </>
      )}
      onChange={(next) => {
        const ids = next === undefined ? [] : Array.isArray(next) ? next : [next];
        remember(found.filter((u) => ids.includes(u.id)));
        setText('');
        onChange?.(next);
      }}
    />
  );
}
