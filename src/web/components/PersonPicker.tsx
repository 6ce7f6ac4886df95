/**
 * The manual's person picker (图4/图5): department tree and search on the left, "→" moves the
 * chosen people to the right, 确定 confirms. The left pane is the server's answer to the search
 * (name, username, pinyin initials, department), one page at a time: the web holds no directory.
 */
import { ArrowLeftOutlined, ArrowRightOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Modal, Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type Key, useMemo, useState } from 'react';
import { POSITION_LABEL } from '../api/labels';
import type { Department, User } from '../api/types';
import {
  SEARCH_DEBOUNCE_MS,
  SEARCH_PAGE,
  type UserFilter,
  useDebounced,
  useRememberUsers,
  useUserSearch,
  useUsersByIds,
} from '../lib/users';

const USER_KEY = 'u:';

/**
 * Tree of departments holding the candidates, users as leaves. The candidates are already the
 * server's answer to the search (which also matches pinyin and department names), so nothing is
 * filtered again here.
 */
export function buildPickerTree(candidates: User[], departments: Department[]): DataNode[] {
  const byDept = new Map<string, User[]>();
  for (const user of candidates)
    byDept.set(user.departmentId, [...(byDept.get(user.departmentId) ?? []), user]);
  const deptById = new Map(departments.map((d) => [d.id, d]));
  // Departments to show: those with candidates, plus their ancestors.
  const shown = new Set<string>();
  for (const id of byDept.keys()) {
    let current: string | null | undefined = id;
    while (current && !shown.has(current)) {
      shown.add(current);
      current = deptById.get(current)?.parentId;
    }
  }
  const build = (parentId: string | null): DataNode[] => {
    const children: DataNode[] = departments
      .filter((d) => shown.has(d.id) && (d.parentId ?? null) === parentId)
      .map((d) => ({
        key: `d:${d.id}`,
        title: d.name,
        selectable: false,
        children: [
          ...build(d.id),
          ...(byDept.get(d.id) ?? []).map((u) => ({
            key: `${USER_KEY}${u.id}`,
            title: `${u.name}（${POSITION_LABEL[u.position] ?? u.position}）`,
            icon: <UserOutlined />,
            isLeaf: true,
          })),
        ],
      }));
    return children;
  };
  const roots = build(null);
  // Users whose department is unknown still appear.
  const orphans = candidates.filter((u) => !deptById.has(u.departmentId));
  for (const u of orphans) roots.push({ key: `${USER_KEY}${u.id}`, title: u.name, isLeaf: true });
  return roots;
}

export interface PersonPickerProps {
  open: boolean;
  title: string;
  /** Whom the server lists (a department, a position…); the search narrows it. */
  filter: UserFilter;
  /** Listed instead when `filter` finds nobody (a department without a head: all its people). */
  fallback?: UserFilter;
  /** People of the page that may not be chosen (the current holder, the lead department…). */
  exclude?: (user: User) => boolean;
  departments: Department[];
  multiple?: boolean;
  value?: string[];
  okText?: string;
  confirmLoading?: boolean;
  onOk: (ids: string[], users: User[]) => void;
  onCancel: () => void;
}

/** The server's page of candidates for the search, the fallback's when the filter finds nobody. */
function useCandidates(search: string, props: PersonPickerProps) {
  const q = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const primary = useUserSearch(q, props.filter, props.open);
  const primaryEmpty = !primary.loading && !primary.waiting && primary.users.length === 0;
  const fallback = useUserSearch(
    q,
    props.fallback ?? {},
    props.open && Boolean(props.fallback) && primaryEmpty,
  );
  const found = props.fallback && primaryEmpty ? fallback : primary;
  const { exclude } = props;
  const users = useMemo(
    () => (exclude ? found.users.filter((u) => !exclude(u)) : found.users),
    [found.users, exclude],
  );
  return { ...found, users, typing: search !== q };
}

export function PersonPicker(props: PersonPickerProps) {
  const {
    open,
    title,
    departments,
    multiple = false,
    okText = '确定',
    confirmLoading,
    onOk,
    onCancel,
  } = props;
  const [search, setSearch] = useState('');
  const [leftSelected, setLeftSelected] = useState<string[]>([]);
  const [rightSelected, setRightSelected] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>(props.value ?? []);
  // Whom the right pane names: people moved there from a search (earlier pages included).
  const [known, setKnown] = useState<ReadonlyMap<string, User>>(new Map());
  const [prevOpen, setPrevOpen] = useState(open);
  if (open !== prevOpen) {
    // Opening starts from the field's current value.
    setPrevOpen(open);
    if (open) {
      setChosen(props.value ?? []);
      setLeftSelected([]);
      setRightSelected([]);
      setSearch('');
    }
  }
  const candidates = useCandidates(search, props);
  const tree = useMemo(() => buildPickerTree(candidates.users, departments), [candidates.users, departments]);
  const byId = useMemo(() => new Map(candidates.users.map((u) => [u.id, u])), [candidates.users]);
  const unnamed = useMemo(
    () => chosen.filter((id) => !known.has(id) && !byId.has(id)),
    [chosen, known, byId],
  );
  const fetched = useUsersByIds(unnamed);
  const remember = useRememberUsers();
  const userOf = (id: string) => known.get(id) ?? byId.get(id) ?? fetched.get(id);

  const choose = (ids: string[]) => {
    const picked = ids.map((id) => byId.get(id)).filter((u): u is User => u !== undefined);
    setKnown((current) => new Map([...current, ...picked.map((u) => [u.id, u] as const)]));
    setChosen((current) => (multiple ? [...new Set([...current, ...ids])] : ids.slice(0, 1)));
  };
  const moveRight = () => {
    if (leftSelected.length === 0) return;
    choose(leftSelected);
    setLeftSelected([]);
  };
  const moveLeft = () => {
    setChosen((current) => current.filter((id) => !rightSelected.includes(id)));
    setRightSelected([]);
  };
  const onSelect = (keys: Key[]) => {
    const ids = keys
      .map(String)
      .filter((k) => k.startsWith(USER_KEY))
      .map((k) => k.slice(USER_KEY.length));
    setLeftSelected(multiple ? ids : ids.slice(-1));
  };
  const confirm = () => {
    const users = chosen.map(userOf).filter((u): u is User => u !== undefined);
    remember(users);
    onOk(chosen, users);
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      onOk={confirm}
      okButtonProps={{ disabled: chosen.length === 0 }}
      confirmLoading={confirmLoading}
      onCancel={onCancel}
      width={720}
      destroyOnHidden
    >
      <div className="person-picker">
        <div className="person-picker-pane">
          <Input.Search
            allowClear
            placeholder="姓名、用户名、拼音首字母或部门"
            aria-label="搜索人员"
            value={search}
            loading={candidates.loading}
            onChange={(e) => setSearch(e.target.value)}
          />
          <CandidateTree
            tree={tree}
            search={search}
            state={candidates}
            multiple={multiple}
            selected={leftSelected}
            onSelect={onSelect}
            onPick={(id) => choose([id])}
          />
        </div>
        <div className="person-picker-actions">
          <Button
            icon={<ArrowRightOutlined />}
            aria-label="添加到已选"
            title="添加到已选"
            disabled={leftSelected.length === 0}
            onClick={moveRight}
          />
          <Button
            icon={<ArrowLeftOutlined />}
            aria-label="从已选移除"
            title="从已选移除"
            disabled={rightSelected.length === 0}
            onClick={moveLeft}
          />
        </div>
        <ChosenPane
          chosen={chosen}
          userOf={userOf}
          selected={rightSelected}
          onToggle={(id) =>
            setRightSelected((current) =>
              current.includes(id) ? current.filter((x) => x !== id) : [...current, id],
            )
          }
        />
      </div>
    </Modal>
  );
}

/** The left pane's tree of departments and candidates; a double click chooses one at once. */
function CandidateTree({
  tree,
  search,
  state,
  multiple,
  selected,
  onSelect,
  onPick,
}: {
  tree: ReturnType<typeof buildPickerTree>;
  search: string;
  state: { waiting: boolean; loading: boolean; typing: boolean; more: boolean };
  multiple: boolean;
  selected: string[];
  onSelect: (keys: Key[]) => void;
  onPick: (id: string) => void;
}) {
  const empty = state.waiting
    ? '输入姓名、用户名、拼音首字母或部门查找'
    : state.loading || state.typing
      ? '正在查找…'
      : '没有可选人员';
  return (
    <section className="person-picker-list" aria-label="待选人员" aria-busy={state.loading}>
      {tree.length === 0 ? (
        state.loading ? (
          <Spin size="small" />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
        )
      ) : (
        <>
          <Tree
            key={search}
            treeData={tree}
            showIcon
            defaultExpandAll
            multiple={multiple}
            selectedKeys={selected.map((id) => `${USER_KEY}${id}`)}
            onSelect={onSelect}
            onDoubleClick={(_, node) => {
              const key = String(node.key);
              if (!key.startsWith(USER_KEY)) return;
              const id = key.slice(USER_KEY.length);
              onPick(id);
            }}
          />
          {state.more ? (
            <Typography.Text type="secondary">
              仅列出前 {SEARCH_PAGE} 人，请输入更多字缩小范围
            </Typography.Text>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The right pane: who is chosen; a click marks one for 从已选移除. */
function ChosenPane({
  chosen,
  userOf,
  selected,
  onToggle,
}: {
  chosen: string[];
  userOf: (id: string) => User | undefined;
  selected: string[];
  onToggle: (id: string) => void;
}) {
  return (
    <div className="person-picker-pane">
      <Typography.Text strong>已选（{chosen.length}）</Typography.Text>
      <ul className="person-picker-list person-picker-chosen" aria-label="已选人员">
        {chosen.map((id) => {
          const user = userOf(id);
          const isSelected = selected.includes(id);
          return (
            <li key={id}>
              <button
                type="button"
                className={isSelected ? 'chosen-person selected' : 'chosen-person'}
                aria-pressed={isSelected}
                onClick={() => onToggle(id)}
              >
                {user ? `${user.name}（${POSITION_LABEL[user.position] ?? user.position}）` : id}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A form control showing the chosen people, with a button that opens the picker. */
export function PersonField(props: {
  id?: string;
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  disabled?: boolean;
  title: string;
  buttonText?: string;
  filter: UserFilter;
  fallback?: UserFilter;
  exclude?: (user: User) => boolean;
  departments: Department[];
}) {
  const { id, value, onChange, multiple = false, disabled, title, departments } = props;
  const [open, setOpen] = useState(false);
  const ids = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const named = useUsersByIds(ids);
  return (
    <div className="picker-box" id={id}>
      <div className="picker-box-values">
        {ids.length === 0 ? (
          <Typography.Text type="secondary">未选择</Typography.Text>
        ) : (
          ids.map((x) => (
            <Tag
              key={x}
              closable={!disabled}
              onClose={() => {
                const rest = ids.filter((y) => y !== x);
                onChange?.(multiple ? rest : undefined);
              }}
            >
              {named.get(x)?.name ?? '…'}
            </Tag>
          ))
        )}
      </div>
      <Button size="small" disabled={disabled} onClick={() => setOpen(true)}>
        {props.buttonText ?? '选择…'}
      </Button>
      <PersonPicker
        open={open}
        title={title}
        multiple={multiple}
        filter={props.filter}
        {...(props.fallback ? { fallback: props.fallback } : {})}
        {...(props.exclude ? { exclude: props.exclude } : {})}
        departments={departments}
        value={ids}
        onCancel={() => setOpen(false)}
        onOk={(chosen) => {
          setOpen(false);
          onChange?.(multiple ? chosen : chosen[0]);
        }}
      />
    </div>
  );
}
