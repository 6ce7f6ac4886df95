/** ProLayout-like frame: collapsible sider on desktop, drawer menu on phones, header with bell and user. */
import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  FileAddOutlined,
  FileDoneOutlined,
  HomeOutlined,
  InboxOutlined,
  MenuOutlined,
  ProfileOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../features/auth/AuthContext';
import { Reveal } from '../lib/firstPaint';
import { lazy } from '../lib/lazy';
import {
  entryForPath,
  type MenuEntry,
  SUPERVISION_MENU,
  SYSTEM_MENU,
  visibleEntries,
  WORK_MENU,
} from '../lib/menu';
import { OrgProvider } from '../lib/org';
import { useScreens } from '../lib/screens';
import { PageLoading } from './PageLoading';

/**
 * The bell and the user menu (antd's Popover and Tooltip with them): requested once the frame has
 * rendered and drawn in a task of their own, not in the one that renders the frame before the page
 * (issue 12). They sit at the header's right end (`margin-left: auto`): nothing moves when they appear.
 */
const HeaderTools = lazy(() => import('./HeaderTools'), 'AppLayout.HeaderTools');

/** HeaderTools once the frame has rendered; the state is its own, so only this renders again. */
function LaterHeaderTools() {
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWanted(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return wanted ? (
    <Suspense fallback={null}>
      <HeaderTools />
    </Suspense>
  ) : null;
}
/** The phone's menu drawer: its code (with rc-drawer) comes at the first press of 打开菜单 (issue 12). */
const Drawer = lazy(() => import('antd/es/drawer'), 'AppLayout.Drawer');

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
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

/** One entry of the side menu: an icon and a link; the label stays for screen readers when folded. */
function MenuLink({
  path,
  icon,
  label,
  selected,
  collapsed,
  onNavigate,
}: {
  path: string;
  icon: ReactNode;
  label: string;
  selected: boolean;
  collapsed: boolean;
  onNavigate?: () => void;
}) {
  return (
    <li>
      <Link
        to={path}
        className={selected ? 'side-link selected' : 'side-link'}
        aria-current={selected ? 'page' : undefined}
        title={collapsed ? label : undefined}
        onClick={onNavigate}
      >
        <span className="side-icon" aria-hidden>
          {icon}
        </span>
        <span className={collapsed ? 'sr-only' : undefined}>{label}</span>
      </Link>
    </li>
  );
}

/**
 * The side menu (图19), as plain links: antd's Menu (rc-menu, its overflow and tooltips) was 24 KB
 * of every signed-in first screen for a list of a dozen links (issue 12's budget).
 */
function SideMenu({ collapsed = false, onNavigate }: { collapsed?: boolean; onNavigate?: () => void }) {
  const me = useMe();
  const location = useLocation();
  const selected =
    location.pathname === '/' ? '/' : (entryForPath(location.pathname)?.path ?? location.pathname);
  const groups: [string, MenuEntry[]][] = [
    ['督办管理', visibleEntries(SUPERVISION_MENU, me.roles)],
    ['系统', visibleEntries(SYSTEM_MENU, me.roles)],
  ];
  const link = (path: string, key: string, label: string) => (
    <MenuLink
      key={path}
      path={path}
      icon={ICONS[key]}
      label={label}
      selected={selected === path}
      collapsed={collapsed}
      onNavigate={onNavigate}
    />
  );
  return (
    <nav aria-label="督办管理菜单" className={collapsed ? 'side-menu collapsed' : 'side-menu'}>
      <ul>
        {link('/', 'home', '督办空间')}
        {WORK_MENU.map((e) => link(e.path, e.key, e.label))}
      </ul>
      {groups
        .filter(([, entries]) => entries.length > 0)
        .map(([title, entries]) => (
          <section key={title} aria-label={title}>
            <div className={collapsed ? 'side-group sr-only' : 'side-group'}>{title}</div>
            <ul>{entries.map((e) => link(e.path, e.key, e.label))}</ul>
          </section>
        ))}
    </nav>
  );
}

export default function AppLayout() {
  const screens = useScreens();
  const desktop = screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [drawerUsed, setDrawerUsed] = useState(false);

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
              <SideMenu collapsed={collapsed} />
            </Layout.Sider>
          </div>
        ) : drawerUsed ? (
          <Suspense fallback={null}>
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
          </Suspense>
        ) : null}
        <Layout>
          <Layout.Header className="app-header">
            {desktop ? null : (
              <Button
                type="text"
                className="header-button"
                aria-label="打开菜单"
                icon={<MenuOutlined className="header-icon" />}
                onClick={() => {
                  setDrawerUsed(true);
                  setDrawerOpen(true);
                }}
              />
            )}
            <span className="app-header-title">
              <TeamOutlined /> 督办空间
            </span>
            <div className="app-header-right">
              <LaterHeaderTools />
            </div>
          </Layout.Header>
          <Layout.Content className="app-content">
            <main>
              <Suspense fallback={<PageLoading />}>
                {/* Reveals the app should it have started in login.html (a no-op otherwise). */}
                <Reveal />
                <Outlet />
              </Suspense>
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
    </OrgProvider>
  );
}
