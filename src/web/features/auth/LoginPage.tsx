import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
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

export default function LoginPage() {
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
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
        <p className="login-footer">督办问题联系人：王磊　联系电话：8720261</p>
      </Panel>
    </main>
  );
}
