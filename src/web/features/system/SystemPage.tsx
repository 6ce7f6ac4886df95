/** 系统管理 (sysadmin): departments, users and roles, the 督办来源 dictionary. */
import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tabs } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { CalendarTab } from './CalendarTab';
import { DepartmentsTab } from './DepartmentsTab';
import { DirectorySyncButton } from './DirectorySync';
import { SourcesTab } from './SourcesTab';
import { UsersTab } from './UsersTab';

export default function SystemPage() {
  return (
    <div>
      <PageHeader
        title="系统管理"
        extra={
          <Space>
            <DirectorySyncButton />
            <Link to="/system/import">
              <Button icon={<UploadOutlined />}>导入组织架构</Button>
            </Link>
          </Space>
        }
      />
      <Card>
        <Tabs
          items={[
            { key: 'users', label: '用户管理', children: <UsersTab /> },
            { key: 'departments', label: '部门管理', children: <DepartmentsTab /> },
            { key: 'sources', label: '督办来源', children: <SourcesTab /> },
            { key: 'calendar', label: '工作日历', children: <CalendarTab /> },
          ]}
        />
      </Card>
    </div>
  );
}
