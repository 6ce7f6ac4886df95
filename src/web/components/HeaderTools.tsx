/** The header's bell (消息提醒) and user menu (委托, 修改密码, 退出登录), loaded after the frame (AppLayout). */
import { CalendarOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import { Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { POSITION_LABEL } from '../api/labels';
import { useAuth, useMe } from '../features/auth/AuthContext';
import { lazy } from '../lib/lazy';
import { useOrg } from '../lib/org';
import { useScreens } from '../lib/screens';
import { NotificationBell } from './NotificationBell';

// Form and Modal stay out of the first screen's bundle until someone changes their password.
const ChangePasswordDialog = lazy(
  () => import('../features/auth/ChangePasswordDialog'),
  'HeaderTools.ChangePasswordDialog',
);

function UserMenu() {
  const me = useMe();
  const { logout } = useAuth();
  const org = useOrg();
  const navigate = useNavigate();
  const screens = useScreens();
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  // The menu's entries, each closing the menu before it acts.
  const entries = [
    { label: '我的委托', icon: <CalendarOutlined />, run: () => navigate('/absences') },
    { label: '修改密码', icon: <KeyOutlined />, run: () => setChangingPassword(true) },
    {
      label: '退出登录',
      icon: <LogoutOutlined />,
      run: async () => {
        await logout();
        navigate('/login');
      },
    },
  ];
  // Until the departments have loaded, the name would be the department's id: the position alone.
  const department = org.departmentName(me.departmentId);
  const position = POSITION_LABEL[me.position] ?? me.position;
  const content = (
    <div className="user-menu">
      <span className="muted">
        {department === me.departmentId ? position : `${department} · ${position}`}
      </span>
      {entries.map(({ label, icon, run }) => (
        <Button
          key={label}
          type="text"
          icon={icon}
          onClick={() => {
            setOpen(false);
            void run();
          }}
        >
          {label}
        </Button>
      ))}
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

export default function HeaderTools() {
  return (
    <>
      <NotificationBell />
      <UserMenu />
    </>
  );
}
