import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react';
import './plain.css';

export interface LightTab {
  key: string;
  label: ReactNode;
  children: ReactNode;
}

/**
 * Tabs after the WAI-ARIA pattern (tablist, tab, tabpanel; ← → Home End move between the tabs),
 * drawn like antd's: antd's Tabs and rc-tabs are 13 KB gzip on a first screen (issue 12). Only the
 * selected panel is rendered.
 */
export function LightTabs({ items, label }: { items: LightTab[]; label: string }) {
  const [selected, setSelected] = useState(items[0]?.key);
  const id = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const active = items.find((t) => t.key === selected) ?? items[0];
  const move = (event: KeyboardEvent, index: number) => {
    const last = items.length - 1;
    const to =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (to === undefined) return;
    event.preventDefault();
    setSelected(items[to]?.key);
    tabs.current[to]?.focus();
  };
  return (
    <div className="light-tabs">
      <div role="tablist" aria-label={label} className="light-tabs-list">
        {items.map((t, i) => (
          <button
            key={t.key}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.key}`}
            aria-selected={t === active}
            aria-controls={`${id}-panel`}
            tabIndex={t === active ? 0 : -1}
            className="light-tabs-tab"
            onClick={() => setSelected(t.key)}
            onKeyDown={(event) => move(event, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {active ? (
        <div
          role="tabpanel"
          id={`${id}-panel`}
          aria-labelledby={`${id}-tab-${active.key}`}
          className="light-tabs-panel"
        >
          {active.children}
        </div>
      ) : null}
    </div>
  );
}
