/** An item list with the API's filters, paging, lights, Excel export and row → 穿透查看. */
import { DownloadOutlined, SearchOutlined, UndoOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  type FormEvent,
  memo,
  type ReactElement,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText, toQueryString } from '../../api/client';
import { getSources, listItems } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { label, OUTCOME_LABEL } from '../../api/labels';
import type { Department, ItemSummary, Outcome } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LightTag } from '../../components/LightTag';
import { type ListColumn, ListTable, type SortOrder } from '../../components/ListTable';
import { Panel } from '../../components/Panel';
import { lazy } from '../../lib/lazy';
import '../../components/plain.css';
import { StatusTag } from '../../components/StatusTag';
import { useOrg } from '../../lib/org';
import { byScreen, useScreens } from '../../lib/screens';
import { type Filters, itemsQuery, readFilters, readPage, writeFilters } from './query';

interface FilterFormValues {
  /** 办理结果 (§12): open 未办结, completed 已办结, terminated 已终止. */
  handling?: string;
  /** 事务办理: the last handling's outcome. */
  result?: string;
  extended?: boolean;
  notReportedThisMonth?: boolean;
  leadDepartmentId?: string;
  source?: string;
  overdue?: boolean;
  assigned?: [Dayjs | null, Dayjs | null] | null;
  due?: [Dayjs | null, Dayjs | null] | null;
  q?: string;
}

const D = 'YYYY-MM-DD';

function toForm(f: Filters): FilterFormValues {
  const range = (from?: string, to?: string): [Dayjs | null, Dayjs | null] | null =>
    from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
  return {
    handling: f.closeKind ?? (f.status === 'open' ? 'open' : undefined),
    result: f.result,
    extended: f.extended === 'true',
    notReportedThisMonth: f.notReportedThisMonth === 'true',
    leadDepartmentId: f.leadDepartmentId,
    source: f.source,
    overdue: f.overdue === 'true',
    assigned: range(f.assignedFrom, f.assignedTo),
    due: range(f.dueFrom, f.dueTo),
    q: f.q,
  };
}

function fromForm(v: FilterFormValues, sort?: string): Filters {
  return {
    status: v.handling === 'open' ? 'open' : undefined,
    closeKind: v.handling === 'completed' || v.handling === 'terminated' ? v.handling : undefined,
    result: v.result,
    extended: v.extended ? 'true' : undefined,
    notReportedThisMonth: v.notReportedThisMonth ? 'true' : undefined,
    leadDepartmentId: v.leadDepartmentId,
    source: v.source,
    overdue: v.overdue ? 'true' : undefined,
    assignedFrom: v.assigned?.[0]?.format(D),
    assignedTo: v.assigned?.[1]?.format(D),
    dueFrom: v.due?.[0]?.format(D),
    dueTo: v.due?.[1]?.format(D),
    q: v.q?.trim() || undefined,
    sort,
  };
}

/** The list's columns; the sortable ones are sorted by the server (`sort` in the URL). */
function itemColumns(departmentName: (id: string) => string): ListColumn<ItemSummary>[] {
  return [
    {
      key: 'number',
      responsive: ['sm'],
      title: '督办编号',
      width: 124,
      sortField: 'number',
      render: (row) => row.number,
    },
    {
      key: 'title',
      title: '督办事项',
      render: (row) => <Link to={`/items/${row.id}`}>{row.title}</Link>,
    },
    { key: 'source', responsive: ['lg'], title: '督办来源', width: 96, render: (row) => row.source },
    {
      key: 'leadDepartmentId',
      responsive: ['md'],
      title: '承办（主办）单位',
      width: 130,
      render: (row) => departmentName(row.leadDepartmentId),
    },
    {
      key: 'assignedAt',
      responsive: ['lg'],
      title: '交办时间',
      width: 112,
      sortField: 'assignedAt',
      render: (row) => row.assignedAt,
    },
    {
      key: 'dueAt',
      responsive: ['sm'],
      title: '办结时间',
      width: 112,
      sortField: 'dueAt',
      render: (row) => row.dueAt,
    },
    {
      key: 'status',
      title: '办理结果',
      width: 96,
      render: (row) => (
        <StatusTag status={row.status} closeKind={row.closeKind} extensionPending={row.extensionPending} />
      ),
    },
    {
      key: 'result',
      responsive: ['md'],
      title: '事务办理',
      width: 110,
      render: (row) => label(OUTCOME_LABEL, row.result),
    },
    {
      key: 'attachmentCount',
      responsive: ['lg'],
      title: '附件',
      width: 64,
      align: 'right',
      render: (row) => (row.attachmentCount ? row.attachmentCount : ''),
    },
    { key: 'light', title: '灯', width: 80, render: (row) => <LightTag light={row.light} /> },
  ];
}

/** The URL's `sort` (`dueAt`, `-dueAt`) as the table's field and order. */
function readSort(sort: string | undefined): { field: string; order: SortOrder } | undefined {
  if (!sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1), order: 'descend' } : { field: sort, order: 'ascend' };
}

export function ItemListView({
  scope,
  extraColumns = [],
  selectable = false,
  toolbar,
}: {
  scope: 'department' | 'all' | 'registered';
  extraColumns?: ListColumn<ItemSummary>[];
  /** Rows can be ticked (批量催办); `toolbar` gets the ticked ids. */
  selectable?: boolean;
  toolbar?: (selected: string[], clear: () => void) => ReactNode;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const paging = readPage(params);
  const navigate = useNavigate();
  const org = useOrg();
  const screens = useScreens();
  const query = itemsQuery(scope, filters, paging);
  // Every command on items invalidates ['items']: the list refreshes after an edit without being told.
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.items(query),
    queryFn: () => listItems(query),
    placeholderData: keepPreviousData,
  });
  const { data: sources } = useQuery({ queryKey: keys.sources(), queryFn: getSources });

  const sort = filters.sort;
  // New filters or paging into the URL; the parameters the page owns (督办查询's scope) stay.
  const show = useCallback(
    (next: Filters, nextPaging?: { page: number; pageSize: number }) =>
      setParams(writeFilters(next, nextPaging, params)),
    [setParams, params],
  );
  const onSearch = useCallback((values: FilterFormValues) => show(fromForm(values, sort)), [show, sort]);
  const onReset = useCallback(() => show({}), [show]);

  const exportHref = `/api/items/export.xlsx${toQueryString(itemsQuery(scope, filters))}`;

  // As antd's Table did: a new sort keeps the page, a new page or size keeps the sort.
  const onSort = (field: string, order: SortOrder | null) =>
    show({ ...filters, sort: order ? `${order === 'descend' ? '-' : ''}${field}` : undefined }, paging);
  const onPage = (page: number, pageSize: number) => show(filters, { page, pageSize });
  const columns = byScreen([...itemColumns(org.departmentName), ...extraColumns], screens);

  return (
    <>
      <FilterForm
        paramsKey={params.toString()}
        filters={filters}
        sources={sources}
        departments={org.departments}
        md={screens.md}
        onSearch={onSearch}
        onReset={onReset}
        exportHref={exportHref}
      />
      {error ? <ErrorAlert text={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Panel>
        {toolbar ? <div style={{ marginBottom: 12 }}>{toolbar(selected, () => setSelected([]))}</div> : null}
        <ListTable<ItemSummary>
          label="督办事项列表"
          rowKey={(row) => row.id}
          rowLabel={(row) => row.title}
          {...(selectable ? { selected, onSelect: setSelected } : {})}
          loading={loading}
          rows={data?.items ?? []}
          columns={columns}
          empty="暂无数据"
          minWidth={screens.md ? 960 + extraColumns.length * 80 : undefined}
          sort={readSort(filters.sort)}
          onSort={onSort}
          onRowClick={(row) => navigate(`/items/${row.id}`)}
          page={paging.page}
          pageSize={paging.pageSize}
          total={data?.total ?? 0}
          onPage={onPage}
        />
      </Panel>
    </>
  );
}

const RangePicker = lazy(
  () => import('antd/es/date-picker').then((m) => ({ default: m.default.RangePicker })),
  'ItemListView.RangePicker',
);

type Range = [Dayjs | null, Dayjs | null] | null;

/**
 * 交办时间 and 办结时间: antd's RangePicker, whose code (31 KB gzip with rc-picker) comes when the field
 * shows — on a phone at 更多筛选, not with the first screen (issue 12). Hidden, the field draws
 * nothing and its value stays in the form's state.
 */
function DateRangeField({
  id,
  shown,
  value,
  onChange,
}: {
  id: string;
  shown: boolean;
  value: Range | undefined;
  onChange: (value: Range) => void;
}) {
  if (!shown) return null;
  return (
    <Suspense fallback={<input id={id} disabled className="native-field" />}>
      <RangePicker
        id={id}
        value={value ?? null}
        onChange={(range) => onChange(range as Range)}
        allowEmpty={[true, true]}
        style={{ width: '100%' }}
      />
    </Suspense>
  );
}

/** A filter field: its label above it, tied to the control by `htmlFor`. */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="native-item">
      <label className="native-label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** A native `<select>` of the form with 全部 (no filter) first. */
function FilterSelect({
  id,
  value,
  options,
  onChange,
}: {
  id: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <select
      id={id}
      className="native-field"
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || undefined)}
    >
      <option value="">全部</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

type SetValue = <K extends keyof FilterFormValues>(key: K, value: FilterFormValues[K]) => void;

/**
 * The filter fields, in their order on the form; `dates`: whether the date ranges show. Native
 * inputs and selects rather than antd's Form, Input and Select (rc-form, rc-select and its virtual
 * list: 60 KB gzip on 督办查询's first screen, issue 12); on a phone they open the system's own
 * picker.
 */
function filterItems(
  id: string,
  values: FilterFormValues,
  set: SetValue,
  sources: string[] | undefined,
  departments: Department[],
  dates: boolean,
): ReactElement[] {
  // Native checkboxes in their label, as antd's Checkbox draws them (its code was loaded with the
  // table, but each one rendered a dozen components on the first screen).
  const check = (key: 'overdue' | 'extended' | 'notReportedThisMonth', label: string, text: string) => (
    <Field key={key} id={`${id}-${key}`} label={label}>
      <label className="native-check">
        <input
          id={`${id}-${key}`}
          type="checkbox"
          checked={values[key] ?? false}
          onChange={(e) => set(key, e.target.checked)}
        />
        <span>{text}</span>
      </label>
    </Field>
  );
  return [
    <Field key="q" id={`${id}-q`} label="关键字">
      <input
        id={`${id}-q`}
        type="search"
        className="native-field"
        placeholder="编号、督办事项、内容"
        value={values.q ?? ''}
        onChange={(e) => set('q', e.target.value)}
      />
    </Field>,
    <Field key="handling" id={`${id}-handling`} label="办理结果">
      <FilterSelect
        id={`${id}-handling`}
        value={values.handling}
        onChange={(v) => set('handling', v)}
        options={[
          { value: 'completed', label: '已办结' },
          { value: 'open', label: '未办结' },
          { value: 'terminated', label: '已终止' },
        ]}
      />
    </Field>,
    <Field key="result" id={`${id}-result`} label="事务办理">
      <FilterSelect
        id={`${id}-result`}
        value={values.result}
        onChange={(v) => set('result', v)}
        options={(Object.keys(OUTCOME_LABEL) as Outcome[]).map((o) => ({
          value: o,
          label: OUTCOME_LABEL[o],
        }))}
      />
    </Field>,
    <Field key="leadDepartmentId" id={`${id}-lead`} label="承办（主办）单位">
      <FilterSelect
        id={`${id}-lead`}
        value={values.leadDepartmentId}
        onChange={(v) => set('leadDepartmentId', v)}
        options={departments.map((d) => ({ value: d.id, label: d.name }))}
      />
    </Field>,
    <Field key="source" id={`${id}-source`} label="督办来源">
      <FilterSelect
        id={`${id}-source`}
        value={values.source}
        onChange={(v) => set('source', v)}
        options={(sources ?? []).map((s) => ({ value: s, label: s }))}
      />
    </Field>,
    <Field key="assigned" id={`${id}-assigned`} label="交办时间">
      <DateRangeField
        id={`${id}-assigned`}
        shown={dates}
        value={values.assigned}
        onChange={(v) => set('assigned', v)}
      />
    </Field>,
    <Field key="due" id={`${id}-due`} label="办结时间">
      <DateRangeField id={`${id}-due`} shown={dates} value={values.due} onChange={(v) => set('due', v)} />
    </Field>,
    check('overdue', '逾期', '只看逾期事项'),
    check('extended', '延期', '只看延期过的事项'),
    check('notReportedThisMonth', '本月未反馈', '只看本月未反馈的事项'),
  ];
}

/**
 * The filters. A memoised component of its own (issue 12): 督办查询 blocked the main thread for over a
 * second because the whole form rendered again with every state change of the list (the breakpoint
 * answer, each of the three answers from the server, the table's loading flag) and once more after
 * its mount. Now it renders when the URL's filters, the sources, the departments or the screen width
 * change, and as the user edits it.
 */
const FilterForm = memo(
  function FilterForm({
    paramsKey,
    filters,
    sources,
    departments,
    md,
    onSearch,
    onReset,
    exportHref,
  }: {
    /** The URL's query string: the form is re-synced when it changes. */
    paramsKey: string;
    filters: Filters;
    sources: string[] | undefined;
    departments: Department[];
    md: boolean;
    onSearch: (values: FilterFormValues) => void;
    onReset: () => void;
    exportHref: string;
  }) {
    const id = useId();
    const [values, setValues] = useState(() => toForm(filters));
    const [expanded, setExpanded] = useState(false);
    const synced = useRef(paramsKey);
    // biome-ignore lint/correctness/useExhaustiveDependencies: re-sync the form when the URL changes (not on mount: the state starts from it)
    useEffect(() => {
      if (synced.current === paramsKey) return;
      synced.current = paramsKey;
      setValues(toForm(filters));
    }, [paramsKey]);
    const set: SetValue = useCallback((key, value) => setValues((v) => ({ ...v, [key]: value })), []);
    const submit = (event: FormEvent) => {
      event.preventDefault();
      onSearch(values);
    };

    return (
      <Panel className="mb16">
        <form name="filters" className="filter-form" onSubmit={submit}>
          {/*
            A CSS grid (plain.css) rather than antd's Row and Col, and on a phone only the first three
            filters are mounted until 更多筛选 (the others keep their values in `values`): less to
            render on the first screen (issue 14 point 7).
          */}
          <div className="filter-grid">
            {filterItems(id, values, set, sources, departments, md || expanded)
              .filter((_, i) => md || expanded || i < 3)
              .map((node) => (
                <div key={node.key} className="filter-cell">
                  {node}
                </div>
              ))}
          </div>
          <div className="filter-actions">
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <Button
              icon={<UndoOutlined />}
              onClick={() => {
                // Also when the URL has no filters yet (it would not change, and the form not re-sync).
                setValues(toForm({}));
                onReset();
              }}
            >
              重置
            </Button>
            {md ? null : (
              <Button type="link" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded}>
                {expanded ? '收起筛选' : '更多筛选'}
              </Button>
            )}
            <Button href={exportHref} download icon={<DownloadOutlined />} className="export-link">
              导出 Excel
            </Button>
          </div>
        </form>
      </Panel>
    );
  },
  // `filters` is derived from the query string on every render: compare the string instead.
  (a, b) =>
    a.paramsKey === b.paramsKey &&
    a.sources === b.sources &&
    a.departments === b.departments &&
    a.md === b.md &&
    a.onSearch === b.onSearch &&
    a.onReset === b.onReset &&
    a.exportHref === b.exportHref,
);
