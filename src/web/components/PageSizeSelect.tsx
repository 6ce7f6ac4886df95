import type { ChangeEvent } from 'react';

interface Option {
  label: string;
  value: number | string;
}

/** The props antd's Pagination gives its page-size Select (antd/es/pagination/Pagination.js). */
interface Props {
  value?: number | string;
  options: Option[];
  onChange?: (value: number | string, option?: Option) => void;
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
}

/**
 * The tables' page-size changer (20 条/页 …) as a native `<select>`. In the build it replaces the
 * Select antd's Pagination imports (vite.config.ts, `BUILD_SUBSTITUTES`): antd's Select, its virtual
 * list and rc-select were 28 KB gzip on 待办, where nothing else needs them.
 */
export default function PageSizeSelect({ value, options, onChange, disabled, className, ...rest }: Props) {
  const change = (event: ChangeEvent<HTMLSelectElement>) => {
    const option = options.find((o) => String(o.value) === event.target.value);
    if (option) onChange?.(option.value, option);
  };
  return (
    <select
      className={['page-size-select', className].filter(Boolean).join(' ')}
      aria-label={rest['aria-label']}
      disabled={disabled}
      value={value === undefined ? undefined : String(value)}
      onChange={change}
    >
      {options.map((o) => (
        <option key={o.value} value={String(o.value)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
