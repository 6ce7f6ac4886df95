import type { Light } from '../api/types';
import { SoftTag, type Tone } from './SoftTag';

const TONE: Record<Light, Tone> = { red: 'red', yellow: 'gold', green: 'green', none: 'grey' };
const TEXT: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯', none: '—' };
const TITLE: Record<Light, string> = {
  red: '已逾期',
  yellow: '5 个工作日内到期',
  green: '正常',
  none: '已关闭',
};

/** 红黄绿灯 (§11, working days): overdue / due within DUE_SOON_DAYS working days / on track; nothing when closed. */
export function LightTag({ light }: { light: Light | undefined }) {
  const value = light ?? 'none';
  if (value === 'none') return <span title="已关闭，无灯">—</span>;
  return (
    <SoftTag tone={TONE[value]} title={TITLE[value]}>
      <span className={`light-dot light-${value}`} aria-hidden="true" />
      {TEXT[value]}
    </SoftTag>
  );
}
