/**
 * 工作日历 (spec §11): a year's official holidays and 调休 working days (from chinese-days) and the
 * organisation's own days; the sysadmin marks a date a working day or a day off, or reverts it. A
 * year the holiday data lacks is named in a warning until it is updated or its holidays are entered.
 */
import {
  Alert,
  App,
  Button,
  Calendar,
  Card,
  DatePicker,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { SoftTag } from '../../components/SoftTag';
import { useRequest } from '../../lib/useRequest';

interface CalendarDay {
  date: string;
  workday: boolean;
  note?: string;
  source: 'official' | 'organisation';
}
interface CalendarYear {
  year: number;
  official: boolean;
  days: CalendarDay[];
  missingYears: number[];
  mode: 'working' | 'natural';
}

export function CalendarTab() {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const { data, errorText, reload } = useRequest(
    () => api.get<CalendarYear>('/api/calendar', { year }),
    [year],
  );
  const [date, setDate] = useState<Dayjs | null>(null);
  const [workday, setWorkday] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const byDate = new Map((data?.days ?? []).map((d) => [d.date, d]));

  const save = async () => {
    if (!date) return;
    setBusy(true);
    try {
      await api.put(`/api/calendar/${date.format('YYYY-MM-DD')}`, {
        workday,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      message.success('已保存');
      setNote('');
      void reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const revert = async (d: string) => {
    try {
      await api.delete(`/api/calendar/${d}`);
      message.success('已恢复为法定安排');
      void reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const isWorkday = (d: Dayjs) => {
    const entry = byDate.get(d.format('YYYY-MM-DD'));
    return entry ? entry.workday : d.day() !== 0 && d.day() !== 6;
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {data?.missingYears.length ? (
        <Alert
          type="warning"
          showIcon
          title={`节假日数据缺少 ${data.missingYears.join('、')} 年：这些年份暂时只按周末计算休息日。请更新 chinese-days（见 docs/deadlines.md），或在下方录入当年的节假日和调休。`}
        />
      ) : null}
      {data && !data.official ? (
        <Alert type="info" showIcon title={`${year} 年不在法定节假日数据中，只按周末和本单位的设置计算。`} />
      ) : null}
      {data?.mode === 'natural' ? (
        <Alert
          type="info"
          showIcon
          title="当前按自然日计算期限（DEADLINE_DAYS=natural），工作日历不影响期限。"
        />
      ) : null}
      {errorText ? <Alert type="error" showIcon title={errorText} /> : null}
      <Space wrap>
        <span>年份</span>
        <Select
          aria-label="年份"
          value={year}
          onChange={setYear}
          options={[-1, 0, 1, 2].map((o) => ({
            value: dayjs().year() + o,
            label: `${dayjs().year() + o} 年`,
          }))}
        />
      </Space>
      <Card size="small" title="设置某日">
        <Form layout="inline">
          <Form.Item label="日期">
            <DatePicker aria-label="日期" value={date} onChange={setDate} />
          </Form.Item>
          <Form.Item label="当天">
            <Radio.Group
              value={workday}
              onChange={(e) => setWorkday(e.target.value as boolean)}
              options={[
                { value: false, label: '休息日' },
                { value: true, label: '工作日' },
              ]}
            />
          </Form.Item>
          <Form.Item label="说明">
            <Input aria-label="说明" value={note} onChange={(e) => setNote(e.target.value)} maxLength={100} />
          </Form.Item>
          <Button type="primary" loading={busy} disabled={!date} onClick={() => void save()}>
            保存
          </Button>
        </Form>
      </Card>
      <Calendar
        fullscreen={false}
        value={dayjs(`${year}-01-01`)}
        validRange={[dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]}
        mode="year"
        onPanelChange={() => {}}
        cellRender={(d, info) =>
          info.type === 'date' && !isWorkday(d) ? <span className="muted">休</span> : null
        }
      />
      <Table<CalendarDay>
        size="small"
        rowKey="date"
        dataSource={data?.days ?? []}
        pagination={{ pageSize: 31 }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 120 },
          {
            title: '安排',
            dataIndex: 'workday',
            width: 90,
            render: (w: boolean) => <SoftTag tone={w ? 'blue' : 'green'}>{w ? '上班' : '休息'}</SoftTag>,
          },
          { title: '说明', dataIndex: 'note', render: (n?: string) => n ?? '' },
          {
            title: '来源',
            dataIndex: 'source',
            width: 100,
            render: (s: CalendarDay['source']) => (s === 'official' ? '法定安排' : '本单位设置'),
          },
          {
            title: '操作',
            key: 'ops',
            width: 120,
            render: (_: unknown, row) =>
              row.source === 'organisation' ? (
                <Button size="small" onClick={() => void revert(row.date)}>
                  恢复
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
