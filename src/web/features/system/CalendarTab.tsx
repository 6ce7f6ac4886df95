/**
 * 工作日历 (spec §11): a year's official holidays and 调休 working days (from chinese-days) and the
 * organisation's own days; the sysadmin marks a date a working day or a day off, or reverts it. A
 * year the holiday data lacks is named in a warning until it is updated or its holidays are entered.
 */

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage, errorText } from '../../api/client';
import {
  type CalendarDay,
  type CalendarYear,
  deleteCalendarDay,
  getCalendar,
  putCalendarDay,
} from '../../api/endpoints';
import { keys } from '../../api/keys';
import { SoftTag } from '../../components/SoftTag';

export function CalendarTab() {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const { data, error } = useQuery({
    queryKey: keys.calendar(year),
    queryFn: () => getCalendar(year),
    placeholderData: keepPreviousData,
  });
  const [date, setDate] = useState<Dayjs | null>(null);
  const [workday, setWorkday] = useState(false);
  const [note, setNote] = useState('');
  const byDate = new Map((data?.days ?? []).map((d) => [d.date, d]));

  // Working days move deadlines and lights: the items and tasks are read again as well.
  const invalidates = [keys.calendar(), ['items'], ['item'], ['tasks'], ['task']];
  const save = useMutation({
    mutationFn: (day: Dayjs) =>
      putCalendarDay(day.format('YYYY-MM-DD'), { workday, ...(note.trim() ? { note: note.trim() } : {}) }),
    meta: { invalidates },
    onSuccess: () => {
      message.success('已保存');
      setNote('');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const revert = useMutation({
    mutationFn: (d: string) => deleteCalendarDay(d),
    meta: { invalidates },
    onSuccess: () => message.success('已恢复为法定安排'),
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <CalendarNotes year={year} data={data} />
      {error ? <Alert type="error" showIcon title={errorText(error)} /> : null}
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
          <Button
            type="primary"
            loading={save.isPending}
            disabled={!date}
            onClick={() => date && save.mutate(date)}
          >
            保存
          </Button>
        </Form>
      </Card>
      <YearView
        year={year}
        byDate={byDate}
        picked={date?.format('YYYY-MM-DD')}
        onPick={(d) => {
          setDate(dayjs(d));
          // Picking a day proposes the opposite of what it is now: the usual reason to pick it.
          setWorkday(!(byDate.get(d)?.workday ?? !isWeekend(dayjs(d))));
        }}
      />
      <DaysTable days={data?.days ?? []} onRevert={(d) => revert.mutate(d)} />
    </Space>
  );
}

const isWeekend = (d: Dayjs) => d.day() === 0 || d.day() === 6;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * The year at a glance: twelve months, Monday first; days off are shaded, 调休 working days on a
 * weekend say 班, the organisation's own days are outlined. A click picks the day for 设置某日.
 */
function YearView({
  year,
  byDate,
  picked,
  onPick,
}: {
  year: number;
  byDate: ReadonlyMap<string, CalendarDay>;
  picked: string | undefined;
  onPick: (date: string) => void;
}) {
  return (
    <div className="year-calendar">
      {Array.from({ length: 12 }, (_, m) => {
        const first = dayjs(new Date(year, m, 1));
        const blanks = (first.day() + 6) % 7;
        const cells: (Dayjs | null)[] = [
          ...Array.from({ length: blanks }, () => null),
          ...Array.from({ length: first.daysInMonth() }, (_, i) => first.date(i + 1)),
        ];
        const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) =>
          cells.slice(w * 7, w * 7 + 7),
        );
        return (
          <table
            key={first.format('YYYY-MM')}
            className="year-calendar-month"
            aria-label={`${year} 年 ${m + 1} 月`}
          >
            <caption>{m + 1} 月</caption>
            <thead>
              <tr>
                {WEEKDAYS.map((w) => (
                  <th key={w}>{w}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week.find((d) => d)?.format('YYYY-MM-DD')}>
                  {Array.from({ length: 7 }, (_, i) => {
                    const d = week[i];
                    // biome-ignore lint/suspicious/noArrayIndexKey: an empty cell's place in the week is its identity
                    if (!d) return <td key={`blank-${i}`} />;
                    const key = d.format('YYYY-MM-DD');
                    const entry = byDate.get(key);
                    const workday = entry ? entry.workday : !isWeekend(d);
                    const classes = [
                      workday ? 'work' : 'off',
                      entry?.source === 'organisation' ? 'organisation' : '',
                      key === picked ? 'picked' : '',
                    ].join(' ');
                    const what = workday ? (isWeekend(d) ? '调休上班' : '工作日') : '休息日';
                    return (
                      <td key={key}>
                        <button
                          type="button"
                          className={classes}
                          title={[key, what, entry?.note].filter(Boolean).join(' ')}
                          aria-label={`${key} ${what}`}
                          onClick={() => onPick(key)}
                        >
                          {workday && isWeekend(d) ? '班' : d.date()}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

/** What the year's figures rest on: missing holiday data, a year outside it, natural days. */
function CalendarNotes({ year, data }: { year: number; data: CalendarYear | undefined }) {
  return (
    <>
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
    </>
  );
}

/** The year's days off and working days, the organisation's own first, each of those with 恢复. */
function DaysTable({ days, onRevert }: { days: CalendarDay[]; onRevert: (date: string) => void }) {
  return (
    <Table<CalendarDay>
      size="small"
      rowKey="date"
      // The organisation's own days first: they are what the sysadmin comes here to change.
      dataSource={[...days].sort(
        (a, b) =>
          Number(a.source === 'official') - Number(b.source === 'official') || a.date.localeCompare(b.date),
      )}
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
              <Button size="small" onClick={() => onRevert(row.date)}>
                恢复
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
