/** 修改密码: the signed-in user changes their own password (loaded only when opened). */
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * `forced`: the first sign-in with a one-time password — no way around it but signing out (the
 * dialog's own 退出登录 button: anything behind the modal's mask cannot be clicked), and `onClose`
 * runs only once the password is changed.
 */
export default function ChangePasswordDialog({
  onClose,
  forced = false,
  onSignOut,
}: {
  onClose: () => void;
  forced?: boolean;
  onSignOut?: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setSaving(true);
    try {
      await api.post('/api/me/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      message.success(forced ? '密码已修改' : '密码已修改，其他设备上的登录已退出');
      onClose();
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : {};
      const named = (['currentPassword', 'newPassword'] as const).filter((name) => fields[name]);
      if (named.length > 0) form.setFields(named.map((name) => ({ name, errors: [fields[name] as string] })));
      else message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={forced ? '首次登录，请修改初始密码' : '修改密码'}
      okText="确定"
      cancelText={forced ? '退出登录' : '取消'}
      confirmLoading={saving}
      onOk={() => void save()}
      // Forced: only the 退出登录 button cancels (no ×, no mask click, no Esc), and it signs out.
      onCancel={forced ? onSignOut : onClose}
      closable={!forced}
      maskClosable={!forced}
      keyboard={!forced}
    >
      {forced ? <p>初始密码只能使用一次。请设置您自己的新密码后继续使用督办系统。</p> : null}
      <Form name="change-password" form={form} layout="vertical">
        <Form.Item
          name="currentPassword"
          label={forced ? '初始密码' : '当前密码'}
          className="field-required"
          rules={[{ required: true, message: '请填写当前密码' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          className="field-required"
          extra="至少 8 位，须同时包含字母和数字"
          rules={[{ required: true, message: '请填写新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          className="field-required"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次填写新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次填写的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
