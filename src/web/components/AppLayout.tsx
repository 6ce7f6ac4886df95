/** ProLayout-like frame: collapsible sider on desktop, drawer menu on phones, header with bell and user. */
import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Layout, Menu, type MenuProps, Popover } from 'antd';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { POSITION_LABEL } from '../api/labels';
import { useAuth, useMe } from '../features/auth/AuthContext';
import {
  entryForPath,
  type MenuEntry,
  SUPERVISION_MENU,
  SYSTEM_MENU,
  visibleEntries,
  WORK_MENU,
} from '../lib/menu';
import { OrgProvider, useOrg } from '../lib/org';
import { useScreens } from '../lib/screens';
import { NotificationBell } from './NotificationBell';
import { PageLoading } from './PageLoading';

// Form and Modal stay out of the first screen's bundle until someone changes their password.
const ChangePasswordDialog = lazy(() => import('../features/auth/ChangePasswordDialog'));

const ICONS: Record<string, ReactNode> = {
  pending: <InboxOutlined />,
  done: <CheckSquareOutlined />,
  new: <FileAddOutlined />,
  'lead-report': <ProfileOutlined />,
  'assist-report': <FileDoneOutlined />,
  query: <SearchOutlined />,
  summary: <BarChartOutlined />,
  'admin-list': <UnorderedListOutlined />,
  'admin-stuck': <UserSwitchOutlined />,
  system: <SettingOutlined />,
  audit: <AuditOutlined />,
};

function toItems(entries: MenuEntry[]): NonNullable<MenuProps['items']> {
  return entries.map((e) => ({ key: e.path, icon: ICONS[e.key], label: e.label }));
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const selected =
    location.pathname === '/' ? '/' : (entryForPath(location.pathname)?.path ?? location.pathname);
  const supervision = visibleEntries(SUPERVISION_MENU, me.roles);
  const system = visibleEntries(SYSTEM_MENU, me.roles);
  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: '督办空间' },
    ...toItems(WORK_MENU),
    { type: 'group', key: 'g-supervision', label: '督办管理', children: toItems(supervision) },
    ...(system.length
      ? [{ type: 'group' as const, key: 'g-system', label: '系统', children: toItems(system) }]
      : []),
  ];
  return (
    <nav aria-label="督办管理菜单">
      <Menu
        mode="inline"
        theme="dark"
        selectedKeys={[selected]}
        items={items}
        onClick={({ key }) => {
          navigate(key);
          onNavigate?.();
        }}
      />
    </nav>
  );
}

function UserMenu() {
  const me = useMe();
  const { logout } = useAuth();
  const org = useOrg();
  const navigate = useNavigate();
  const screens = useScreens();
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const content = (
    <div className="user-menu">
      <span className="muted">
        {org.departmentName(me.departmentId)} · {POSITION_LABEL[me.position] ?? me.position}
      </span>
      <Button
        type="text"
        icon={<CalendarOutlined />}
        onClick={() => {
          setOpen(false);
          navigate('/absences');
        }}
      >
        我的委托
      </Button>
      <Button
        type="text"
        icon={<KeyOutlined />}
        onClick={() => {
          setOpen(false);
          setChangingPassword(true);
        }}
      >
        修改密码
      </Button>
      <Button
        type="text"
        icon={<LogoutOutlined />}
        onClick={async () => {
          setOpen(false);
          await logout();
          navigate('/login');
        }}
      >
        退出登录
      </Button>
    </div>
  );
  return (
    <>
      {changingPassword ? (
        <Suspense fallback={null}>
          <ChangePasswordDialog onClose={() => setChangingPassword(false)} />
        </Suspense>
      ) : null}
      <Popover
        content={content}
        title={me.name}
        trigger="click"
        open={open}
        onOpenChange={setOpen}
        placement="bottomRight"
      >
        <Button
          type="text"
          className="header-button"
          aria-label={`用户：${me.name}`}
          icon={<UserOutlined className="header-icon" />}
        >
          {screens.sm ? <span className="header-user">{me.name}</span> : null}
        </Button>
      </Popover>
    </>
  );
}

export default function AppLayout() {
  const screens = useScreens();
  const desktop = screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <OrgProvider>
      <Layout className="app-layout" hasSider={desktop}>
        {desktop ? (
          // The rail stretches to the page's full height with the menu's colour, and the menu inside
          // stays in view while the page scrolls: no white band under the menu on long pages.
          <div className="app-sider-rail">
            <Layout.Sider
              collapsible
              collapsed={collapsed}
              onCollapse={setCollapsed}
              width={208}
              className="app-sider"
              trigger={<span title={collapsed ? '展开菜单' : '收起菜单'}>{collapsed ? '»' : '«'}</span>}
            >
              <div className="app-logo">
                <AppstoreOutlined />
                {collapsed ? null : <span>督办系统</span>}
              </div>
              <SideMenu />
            </Layout.Sider>
          </div>
        ) : (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={240}
            className="app-drawer"
            title="督办系统"
            styles={{ body: { padding: 0, background: '#001529' } }}
          >
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout>
          <Layout.Header className="app-header">
            {desktop ? null : (
              <Button
                type="text"
                className="header-button"
                aria-label="打开菜单"
                icon={<MenuOutlined className="header-icon" />}
                onClick={() => setDrawerOpen(true)}
              />
            )}
            <span className="app-header-title">
              <TeamOutlined /> 督办空间
            </span>
            <div className="app-header-right">
              <NotificationBell />
              <UserMenu />
            </div>
          </Layout.Header>
          <Layout.Content className="app-content">
            <main>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
    </OrgProvider>
  );
}
