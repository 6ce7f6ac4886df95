import type { ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * Breadcrumb + title + actions, the top of every page. Plain markup styled like antd's Breadcrumb
 * and Typography.Title (styles.css): those two pull Dropdown, Menu, Tooltip and the editable/copyable
 * text code into every page's first screen (issue 12).
 */
export function PageHeader({
  title,
  trail = [],
  extra,
}: {
  title: string;
  trail?: { title: string; path?: string }[];
  extra?: ReactNode;
}) {
  const crumbs: { title: string; path?: string }[] = [{ title: '督办空间', path: '/' }, ...trail];
  return (
    <div className="page-header">
      <nav aria-label="面包屑" className="breadcrumb">
        <ol>
          {crumbs.map((c) => (
            <li key={`${c.title}-${c.path ?? ''}`}>
              {c.path ? <Link to={c.path}>{c.title}</Link> : c.title}
              <span className="breadcrumb-separator" aria-hidden="true">
                /
              </span>
            </li>
          ))}
          <li aria-current="page">{title}</li>
        </ol>
      </nav>
      <div className="page-header-row">
        <h2 className="page-title">{title}</h2>
        {extra ? <div className="page-header-extra">{extra}</div> : null}
      </div>
    </div>
  );
}
