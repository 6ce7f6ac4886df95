import type { ReactNode } from 'react';

export type Tone = 'blue' | 'green' | 'red' | 'gold' | 'grey';

/** A small coloured label whose text keeps WCAG AA contrast (antd's status tags do not). */
export function SoftTag({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`soft-tag soft-${tone}`} title={title}>
      {children}
    </span>
  );
}
