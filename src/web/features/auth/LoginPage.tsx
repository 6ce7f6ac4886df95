import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Form, Input, type InputRef } from 'antd';
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
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

/**
 * 统一身份认证, when configured (GET /api/auth/providers). A component of its own, as is HelpContact:
 * each answer re-renders only what shows it, not the form (a render the phone's CPU feels, issue 12).
 * Both are quiet when their request fails: the password form works without them.
 */
function OidcLogin() {
  const { data: providers } = useQuery({ queryKey: keys.authProviders(), queryFn: getAuthProviders });
  if (!providers?.oidc) return null;
  return (
    <>
      <Divider plain>或</Divider>
      <Button block size="large" href="/api/auth/oidc/start">
        {providers.oidc.name}登录
      </Button>
    </>
  );
}

/** 咨询热线 (HELP_CONTACT, §12): configuration, shown only when set. */
function HelpContact() {
  const helpContact =
    useQuery({ queryKey: keys.publicSettings(), queryFn: getPublicSettings }).data?.helpContact ?? null;
  return helpContact ? <p className="login-footer">{helpContact}</p> : null;
}

/**
 * Focuses `ref` once the page has been drawn. React's `autoFocus` focuses in the commit: the browser
 * then lays the whole new page out at once, and the field renders again for its focus, all in the
 * commit's task, the longest of the 登录 page's (issue 12). After a frame, each is a task of its own.
 */
function useFocusAfterPaint(ref: RefObject<InputRef | null>): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      // Not away from a field the user has chosen meanwhile.
      timer = setTimeout(() => {
        if (document.activeElement === document.body || document.activeElement === null) ref.current?.focus();
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ref]);
}

export default function LoginPage() {
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | undefined>(() => {
    const code = params.get('error');
    return code ? (OIDC_ERRORS[code] ?? OIDC_ERRORS.oidc_failed) : undefined;
  });
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const username = useRef<InputRef>(null);
  useFocusAfterPaint(username);

  const onFinish = useCallback(
    async (values: LoginValues) => {
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
    },
    [login, navigate, from],
  );

  // The same element while nothing it shows changes: the page renders again once the session check
  // has answered (useAuth), and the form, the most of it, need not.
  const form = useMemo(
    () => (
      <Form<LoginValues> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item
          label="用户名"
          name="username"
          rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
        >
          <Input ref={username} prefix={<UserOutlined />} autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          登录
        </Button>
      </Form>
    ),
    [onFinish, submitting],
  );

  if (me) return <Navigate to={from} replace />;

  return (
    <main className="login-page">
      <Panel className="login-card">
        <div className="login-title">
          <h1>督办系统</h1>
          <p className="login-subtitle">重点工作督办 · 督办空间</p>
        </div>
        {error ? <Alert type="error" showIcon title={error} className="login-alert" /> : null}
        {form}
        <OidcLogin />
        <HelpContact />
      </Panel>
    </main>
  );
}
