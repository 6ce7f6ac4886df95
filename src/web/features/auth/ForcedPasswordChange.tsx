/** First sign-in with a one-time password (组织架构导入): nothing but the change, or signing out. */
import { Panel } from '../../components/Panel';
import { useAuth } from './AuthContext';
import ChangePasswordDialog from './ChangePasswordDialog';

export default function ForcedPasswordChange() {
  const { me, refresh, logout } = useAuth();
  return (
    <main className="login-page">
      <Panel className="login-card">
        <div className="login-title">
          <h1>督办系统</h1>
          <p className="login-subtitle">{me?.name}，您好：首次登录须修改初始密码</p>
        </div>
      </Panel>
      <ChangePasswordDialog forced onClose={() => void refresh()} onSignOut={() => void logout()} />
    </main>
  );
}
