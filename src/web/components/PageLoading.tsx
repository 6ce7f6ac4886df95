import { Spin } from 'antd';

export function PageLoading() {
  return (
    <div className="page-loading">
      <Spin size="large" description="加载中…" />
    </div>
  );
}
