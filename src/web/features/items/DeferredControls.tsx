/**
 * The registration form's heavier inputs — antd's Select (承办（主办）单位, 协办单位), AutoComplete
 * (督办来源) and DatePicker (交办时间, 办结时间) — drawn first as a native input that shows the value,
 * and swapped for the antd control, whose code is loaded then, when the user reaches for the field
 * (hover starts the download, focus or a click mounts the control). 新建督办 loaded all of it with
 * the first screen: 380 KB of JavaScript and ~1 s of blocking time under Lighthouse (issue 14 point 7).
 *
 * The native input keeps the Form.Item's id and aria attributes, so the label names it and the form
 * can focus or scroll to it; it stays in place (and focused) until the antd control has mounted, which
 * then takes the focus, so nothing typed or clicked while the code loads is lost.
 */
import type { Dayjs } from 'dayjs';
import {
  type ComponentType,
  type FocusEvent,
  type ReactNode,
  Suspense,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { lazy } from '../../lib/lazy';
import '../../components/plain.css';

/** A lazily loaded module, whose download can also be started ahead (on hover). */
// biome-ignore lint/suspicious/noExplicitAny: any component (lazy's own bound)
function deferred<T extends ComponentType<any>>(load: () => Promise<{ default: T }>, part: string) {
  let loading: Promise<{ default: T }> | undefined;
  const get = () => {
    loading ??= load().catch((error: unknown) => {
      // A failed download may be tried again at the next focus.
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    Component: lazy(get, part),
    preload: () => {
      get().catch(() => undefined);
    },
  };
}

const select = deferred(() => import('antd/es/select'), 'DeferredControls.Select');
const autoComplete = deferred(() => import('antd/es/auto-complete'), 'DeferredControls.AutoComplete');
const datePicker = deferred(() => import('antd/es/date-picker'), 'DeferredControls.DatePicker');

/** Starts the download of every control's code (the form's first focus or hover). */
export function preloadItemControls(): void {
  select.preload();
  autoComplete.preload();
  datePicker.preload();
}

/** What Form.Item gives its control, besides value and onChange. */
interface ItemProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true' | boolean;
  'aria-required'?: 'true' | boolean;
}

type Activation = 'pointer' | 'focus';

/** Runs `onMount` in the commit that mounts it (before paint): the antd control is in the page. */
function Mounted({ onMount }: { onMount: () => void }) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the control has mounted
  useLayoutEffect(onMount, []);
  return null;
}

/**
 * The native input until the control is wanted, then the control (`real(how)`) once its code is
 * there; the native input stays until that commit, so that focus and typing are not lost meanwhile.
 */
function useDeferred(preload: () => void) {
  const [how, setHow] = useState<Activation>();
  const [mounted, setMounted] = useState(false);
  const pointer = useRef(false);
  const triggers = {
    onPointerEnter: preload,
    onPointerDown: () => {
      pointer.current = true;
      preload();
    },
    onFocus: (_: FocusEvent) => setHow((current) => current ?? (pointer.current ? 'pointer' : 'focus')),
  };
  const render = (light: ReactNode, real: (how: Activation) => ReactNode) => (
    <>
      {mounted ? null : light}
      {how ? (
        <Suspense fallback={null}>
          {real(how)}
          <Mounted onMount={() => setMounted(true)} />
        </Suspense>
      ) : null}
    </>
  );
  return { triggers, render };
}

export interface DepartmentControlProps extends ItemProps {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  options: { value: string; label: string }[];
  multiple?: boolean;
  placeholder?: string;
}

/** 承办（主办）单位 / 协办单位: antd's Select with search over the department names. */
export function DepartmentControl({
  value,
  onChange,
  options,
  multiple,
  placeholder,
  ...item
}: DepartmentControlProps) {
  const { triggers, render } = useDeferred(select.preload);
  const chosen = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const text = chosen.map((id) => options.find((o) => o.value === id)?.label ?? '').join('、');
  return render(
    <input
      {...item}
      {...triggers}
      readOnly
      className="native-field deferred-control deferred-select"
      placeholder={placeholder}
      value={text}
    />,
    (how) => (
      <select.Component
        {...item}
        {...(multiple ? { mode: 'multiple' as const, allowClear: true } : {})}
        autoFocus
        defaultOpen={how === 'pointer'}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={placeholder}
        options={options}
        value={value}
        onChange={(next) => onChange?.(next as string | string[] | undefined)}
      />
    ),
  );
}

export interface SourceControlProps extends ItemProps {
  value?: string;
  onChange?: (value: string) => void;
  sources: string[];
}

/**
 * 督办来源: antd's AutoComplete offering the known sources; the native input before it is a text
 * input too (what is typed there is the field's value).
 */
export function SourceControl({ value, onChange, sources, ...item }: SourceControlProps) {
  const { triggers, render } = useDeferred(autoComplete.preload);
  return render(
    <input
      {...item}
      {...triggers}
      className="native-field deferred-control"
      placeholder="选择或填写"
      value={value ?? ''}
      onChange={(event) => onChange?.(event.target.value)}
    />,
    () => (
      <autoComplete.Component
        {...item}
        autoFocus
        options={sources.map((s) => ({ value: s }))}
        placeholder="选择或填写"
        value={value}
        onChange={(next) => onChange?.(next as string)}
        // Focus after the swap would put the caret before what was typed in the native input.
        onFocus={(event: FocusEvent<HTMLElement>) => {
          const input = event.target;
          if (input instanceof HTMLInputElement)
            input.setSelectionRange(input.value.length, input.value.length);
        }}
        showSearch={{
          filterOption: (input, option) => String(option?.value ?? '').includes(input),
        }}
      />
    ),
  );
}

export interface DateControlProps extends ItemProps {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
}

/** 交办时间 / 办结时间: antd's DatePicker (it opens its panel on focus). */
export function DateControl({ value, onChange, ...item }: DateControlProps) {
  const { triggers, render } = useDeferred(datePicker.preload);
  return render(
    <input
      {...item}
      {...triggers}
      readOnly
      className="native-field deferred-control deferred-date"
      placeholder="请选择日期"
      value={value ? value.format('YYYY-MM-DD') : ''}
    />,
    () => (
      <datePicker.Component
        {...item}
        autoFocus
        style={{ width: '100%' }}
        value={value ?? null}
        onChange={(next) => onChange?.(next as Dayjs | null)}
      />
    ),
  );
}
