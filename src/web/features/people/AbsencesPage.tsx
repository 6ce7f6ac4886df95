/**
 * 我的委托 (spec §10): record an absence (外出/请假) with a deputy who receives the tasks issued on
 * those days (代 <name> 办理), list one's absences, end one early. Admins may record one for anybody.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Popconfirm, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage, errorText } from '../../api/client';
import { createAbsence, endAbsence, listAbsences } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Absence } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { UserSelect } from '../../components/UserSelect';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useMe } from '../auth/AuthContext';

function stateOf(a: Absence, today: string): { text: string; color: string } {
  if (a.cancelled) return { text: '已取消', color: 'default' };
  if (a.endedAt) return { text: '已提前结束', color: 'default' };
  if (a.endsOn < today) return { text: '已结束', color: 'default' };
  if (a.startsOn > today) return { text: '未开始', color: 'blue' };
  return { text: '生效中', color: 'green' };
}

interface AbsenceValues {
  userId?: string;
  deputyId: string;
  days: [Dayjs, Dayjs];
  reason?: string;
}

/** 登记委托: a deputy for some days; admins may name whose absence it is. */
function AbsenceForm({ admin }: { admin: boolean }) {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<AbsenceValues>();
  const { submit: save, submitting: saving } = useFormSubmit(
    form,
    (values: AbsenceValues) =>
      createAbsence({
        ...(values.userId ? { userId: values.userId } : {}),
        deputyId: values.deputyId,
        startsOn: values.days[0].format('YYYY-MM-DD'),
        endsOn: values.days[1].format('YYYY-MM-DD'),
        reason: values.reason,
      }),
    {
      // A deputy changes who receives new tasks, not the lists: only the absences are read again.
      invalidates: [keys.absences()],
      fields: ['userId', 'deputyId', 'days', 'reason'],
      labels: { startsOn: '起止日期', endsOn: '起止日期' },
      onSuccess: () => {
        message.success('已登记委托');
        form.resetFields();
      },
    },
  );

  return (
    <Card title="登记委托" style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" className="absence-form">
        {admin ? (
          <Form.Item name="userId" label="委托人">
            <UserSelect allowClear placeholder="本人" style={{ width: 180 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="deputyId" label="代理人" rules={[{ required: true, message: '请选择代理人' }]}>
          <UserSelect style={{ width: 200 }} aria-label="代理人" exclude={(u) => u.id === me.id} />
        </Form.Item>
        <Form.Item name="days" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="reason" label="事由">
          <Input maxLength={200} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            登记
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

export default function AbsencesPage() {
  const me = useMe();
  const { message } = App.useApp();
  const admin = me.roles.includes('admin') || me.roles.includes('sysadmin');
  const query = admin ? {} : { userId: me.id };
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.absences(query), queryFn: () => listAbsences(query) });
  const today = dayjs().format('YYYY-MM-DD');

  const end = useMutation({
    mutationFn: (a: Absence) => endAbsence(a.id),
    meta: { invalidates: [keys.absences()] },
    onSuccess: (_, a) => message.success(a.startsOn > today ? '已取消委托' : '已结束委托'),
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <div>
      <PageHeader title="我的委托" />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="委托期间发给您的新待办将交给代理人办理（显示为“代 您的姓名 办理”）；已在您名下的待办不变，可自行转交。"
      />
      <AbsenceForm admin={admin} />
      {error ? <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} /> : null}
      <Card title="委托记录">
        <Table<Absence>
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: '暂无委托' }}
          pagination={false}
          columns={[
            ...(admin ? [{ title: '委托人', dataIndex: 'userName' as const, width: 120 }] : []),
            { title: '代理人', dataIndex: 'deputyName', width: 120 },
            { title: '开始', dataIndex: 'startsOn', width: 120 },
            { title: '结束', dataIndex: 'endsOn', width: 120 },
            { title: '事由', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
            {
              title: '状态',
              width: 110,
              render: (_: unknown, a) => {
                const s = stateOf(a, today);
                return <Tag color={s.color}>{s.text}</Tag>;
              },
            },
            {
              title: '操作',
              width: 110,
              render: (_: unknown, a) =>
                !a.cancelled && !a.endedAt && a.endsOn >= today ? (
                  <Popconfirm
                    title={a.startsOn > today ? '取消这次委托？' : '提前结束这次委托？'}
                    okText="确定"
                    cancelText="取消"
                    onConfirm={() => end.mutate(a)}
                  >
                    <Button type="link" size="small">
                      {a.startsOn > today ? '取消' : '提前结束'}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
