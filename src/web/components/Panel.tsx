import type { ReactNode } from 'react';

/**
 * A light card (title, extra, body) for the first screens: antd's Card pulls in Tabs and Skeleton,
 * which the login and home screens do not need.
 */
export function Panel({
  title,
  extra,
  children,
  className,
  loading,
  placeholder,
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
  loading?: boolean;
  /**
   * Shown instead of "加载中…" while loading: markup as tall as the content will be (the counts with
   * a dash, a list's empty rows), so that nothing below moves when the answer arrives (layout shift).
   */
  placeholder?: ReactNode;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-busy={loading || undefined}>
      {title || extra ? (
        <header className="panel-head">
          {title ? <h3 className="panel-title">{title}</h3> : null}
          {extra ? <div className="panel-extra">{extra}</div> : null}
        </header>
      ) : null}
      <div className="panel-body">
        {loading ? (placeholder ?? <div className="panel-loading">加载中…</div>) : children}
      </div>
    </section>
  );
}
