/**
 * 申请延期至's date picker, on its own so that 事项详情 loads the date-picker code only when the
 * 延期申请 dialog opens (the page's first screen stays within its ceiling, issue 12).
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

export default function DueDatePicker({
  after,
  onChange,
}: {
  /** The current dueAt: only later dates can be picked. */
  after: string;
  onChange: (date: string | undefined) => void;
}) {
  return (
    <DatePicker
      aria-label="申请延期至"
      style={{ width: '100%' }}
      disabledDate={(d) => !d.isAfter(dayjs(after), 'day')}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}
