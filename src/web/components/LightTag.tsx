import { Tag } from 'antd';
import type { Light } from '../api/types';

const COLOR: Record<Light, string> = { red: 'red', yellow: 'gold', green: 'green', none: 'default' };
const TEXT: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', none: '—' };
const TITLE: Record<Light, string> = {
  red: '已逾期',
  yellow: '7 天内到期',
  green: '正常',
  none: '已办结',
};

/** 红黄绿灯: overdue / due within 7 days / on track; nothing when closed. */
export function LightTag({ light }: { light: Light | undefined }) {
  const value = light ?? 'none';
  if (value === 'none') return <span title="已办结，无灯">—</span>;
  return (
    <Tag color={COLOR[value]} title={TITLE[value]} className={`light-tag light-${value}`}>
      <span className="light-dot" aria-hidden="true" />
      {TEXT[value]}
    </Tag>
  );
}
