import type { Light } from '../api/types';
import { SoftTag, type Tone } from './SoftTag';

const TONE: Record<Light, Tone> = { red: 'red', yellow: 'gold', green: 'green', none: 'grey' };
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
    <SoftTag tone={TONE[value]} title={TITLE[value]}>
      <span className={`light-dot light-${value}`} aria-hidden="true" />
      {TEXT[value]}
    </SoftTag>
  );
}
