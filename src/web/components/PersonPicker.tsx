/**
 * The manual's person picker (图4/图5): department tree and search on the left, "→" moves the
 * chosen people to the right, 确定 confirms.
 */
import { ArrowLeftOutlined, ArrowRightOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Modal, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type Key, useMemo, useState } from 'react';
import { POSITION_LABEL } from '../api/labels';
import type { Department, User } from '../api/types';

const USER_KEY = 'u:';

/** Tree of departments holding the candidates who match the search, users as leaves. */
export function buildPickerTree(candidates: User[], departments: Department[], search: string): DataNode[] {
  const q = search.trim().toLowerCase();
  const matching = candidates.filter(
    (u) => !q || u.name.toLowerCase().includes(q) || u.username.toLowerCase().includes(q),
  );
  const byDept = new Map<string, User[]>();
  for (const user of matching)
    byDept.set(user.departmentId, [...(byDept.get(user.departmentId) ?? []), user]);
  const deptById = new Map(departments.map((d) => [d.id, d]));
  // Departments to show: those with matching users, plus their ancestors.
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
  const orphans = matching.filter((u) => !deptById.has(u.departmentId));
  for (const u of orphans) roots.push({ key: `${USER_KEY}${u.id}`, title: u.name, isLeaf: true });
  return roots;
}

export interface PersonPickerProps {
  open: boolean;
  title: string;
  candidates: User[];
  departments: Department[];
  multiple?: boolean;
  value?: string[];
  okText?: string;
  confirmLoading?: boolean;
  onOk: (ids: string[]) => void;
  onCancel: () => void;
}

export function PersonPicker(props: PersonPickerProps) {
  const {
    open,
    title,
    candidates,
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
  const tree = useMemo(
    () => buildPickerTree(candidates, departments, search),
    [candidates, departments, search],
  );
  const byId = useMemo(() => new Map(candidates.map((u) => [u.id, u])), [candidates]);

  const moveRight = () => {
    if (leftSelected.length === 0) return;
    setChosen((current) =>
      multiple ? [...new Set([...current, ...leftSelected])] : leftSelected.slice(0, 1),
    );
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

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      onOk={() => onOk(chosen)}
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
            placeholder="搜索姓名或用户名"
            aria-label="搜索人员"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <CandidateTree
            tree={tree}
            search={search}
            multiple={multiple}
            selected={leftSelected}
            onSelect={onSelect}
            onPick={(id) => setChosen((current) => (multiple ? [...new Set([...current, id])] : [id]))}
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
          byId={byId}
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
  multiple,
  selected,
  onSelect,
  onPick,
}: {
  tree: ReturnType<typeof buildPickerTree>;
  search: string;
  multiple: boolean;
  selected: string[];
  onSelect: (keys: Key[]) => void;
  onPick: (id: string) => void;
}) {
  return (
    <section className="person-picker-list" aria-label="待选人员">
      {tree.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有可选人员" />
      ) : (
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
      )}
    </section>
  );
}

/** The right pane: who is chosen; a click marks one for 从已选移除. */
function ChosenPane({
  chosen,
  byId,
  selected,
  onToggle,
}: {
  chosen: string[];
  byId: Map<string, User>;
  selected: string[];
  onToggle: (id: string) => void;
}) {
  return (
    <div className="person-picker-pane">
      <Typography.Text strong>已选（{chosen.length}）</Typography.Text>
      <ul className="person-picker-list person-picker-chosen" aria-label="已选人员">
        {chosen.map((id) => {
          const user = byId.get(id);
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
  candidates: User[];
  departments: Department[];
  nameOf: (id: string) => string;
}) {
  const { id, value, onChange, multiple = false, disabled, title, candidates, departments, nameOf } = props;
  const [open, setOpen] = useState(false);
  const ids = value === undefined ? [] : Array.isArray(value) ? value : [value];
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
              {nameOf(x)}
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
        candidates={candidates}
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
