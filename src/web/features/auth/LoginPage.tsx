import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { getAuthProviders, getPublicSettings } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { Panel } from '../../components/Panel';
import { useAuth } from './AuthContext';

interface LoginValues {
  username: string;
  password: string;
}

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '用户名或密码错误';
    if (error.status === 429) return '登录失败次数过多，账号已暂时锁定，请稍后再试';
  }
  return errorMessage(error);
}

/** Why 统一身份认证 sent the user back here (GET /api/auth/oidc/callback → /login?error=…). */
const OIDC_ERRORS: Record<string, string> = {
  oidc_unknown_user: '统一身份认证登录成功，但督办系统中没有对应的用户，请联系系统管理员',
  oidc_disabled: '您的督办系统账号已停用，请联系系统管理员',
  oidc_failed: '统一身份认证登录未完成，请重试',
  oidc_unavailable: '统一身份认证服务暂时无法访问，请稍后再试或使用用户名和密码登录',
};

export default function LoginPage() {
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | undefined>(() => {
    const code = params.get('error');
    return code ? (OIDC_ERRORS[code] ?? OIDC_ERRORS.oidc_failed) : undefined;
  });
  // Both quiet when they fail: the password form works without them.
  const { data: providers } = useQuery({ queryKey: keys.authProviders(), queryFn: getAuthProviders });
  // 咨询热线 (HELP_CONTACT, §12): configuration, shown only when set.
  const helpContact =
    useQuery({ queryKey: keys.publicSettings(), queryFn: getPublicSettings }).data?.helpContact ?? null;
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from} replace />;

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(loginError(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main className="login-page">
      <Panel className="login-card">
        <div className="login-title">
          <h1>督办系统</h1>
          <p className="login-subtitle">重点工作督办 · 督办空间</p>
        </div>
        {error ? <Alert type="error" showIcon title={error} className="login-alert" /> : null}
        <Form<LoginValues>
          name="login"
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          size="large"
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
        {providers?.oidc ? (
          <>
            <Divider plain>或</Divider>
            <Button block size="large" href="/api/auth/oidc/start">
              {providers.oidc.name}登录
            </Button>
          </>
        ) : null}
        {helpContact ? <p className="login-footer">{helpContact}</p> : null}
      </Panel>
    </main>
  );
}
