import { Button, Result } from 'antd';
import { Link } from 'react-router';

export default function ForbiddenPage() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的角色没有此功能的权限，如需开通请联系系统管理员。"
      extra={
        <Link to="/">
          <Button type="primary">返回督办空间</Button>
        </Link>
      }
    />
  );
}
