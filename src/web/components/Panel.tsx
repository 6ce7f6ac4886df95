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
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
  loading?: boolean;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-busy={loading || undefined}>
      {title || extra ? (
        <header className="panel-head">
          {title ? <h3 className="panel-title">{title}</h3> : null}
          {extra ? <div className="panel-extra">{extra}</div> : null}
        </header>
      ) : null}
      <div className="panel-body">{loading ? <div className="panel-loading">加载中…</div> : children}</div>
    </section>
  );
}
