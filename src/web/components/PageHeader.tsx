import { Breadcrumb, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** Breadcrumb + title + actions, the top of every page. */
export function PageHeader({
  title,
  trail = [],
  extra,
}: {
  title: string;
  trail?: { title: string; path?: string }[];
  extra?: ReactNode;
}) {
  return (
    <div className="page-header">
      <Breadcrumb
        items={[
          { title: <Link to="/">督办空间</Link> },
          ...trail.map((t) => ({ title: t.path ? <Link to={t.path}>{t.title}</Link> : t.title })),
          { title },
        ]}
      />
      <div className="page-header-row">
        <Typography.Title level={2} className="page-title">
          {title}
        </Typography.Title>
        {extra ? <div className="page-header-extra">{extra}</div> : null}
      </div>
    </div>
  );
}
