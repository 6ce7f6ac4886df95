/** 修改密码: the signed-in user changes their own password (loaded only when opened). */
import { App, Form, Input, Modal } from 'antd';
import { changePassword } from '../../api/endpoints';
import { useFormSubmit } from '../../lib/useFormSubmit';

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
  const { submit: save, submitting: saving } = useFormSubmit(
    form,
    (values: Values) =>
      changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    {
      fields: ['currentPassword', 'newPassword'],
      onSuccess: () => {
        message.success(forced ? '密码已修改' : '密码已修改，其他设备上的登录已退出');
        onClose();
      },
    },
  );

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
