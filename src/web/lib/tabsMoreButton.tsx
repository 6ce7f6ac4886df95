import {
  type ComponentType,
  type CSSProperties,
  forwardRef,
  type ReactNode,
  type Ref,
  Suspense,
} from 'react';
import { lazy } from './lazy';

/** The props rc-tabs' tab bar gives its 更多 (more) button; those read here. */
interface Props {
  prefixCls: string;
  id: string;
  tabs: unknown[];
  mobile?: boolean;
  more?: { icon?: ReactNode };
  style?: CSSProperties;
  className?: string | false;
  editable?: unknown;
  tabBarGutter?: number;
}

// rc-tabs' own, given the props as they came.
const OperationNode = lazy(
  () => import('@rc-component/tabs/es/TabNavList/OperationNode'),
  'tabsMoreButton.OperationNode',
) as unknown as ComponentType<Props & { ref: Ref<HTMLDivElement> }>;

/**
 * The tab bar's 更多 button, as rc-tabs draws it while every tab fits: hidden, measured for its width.
 * In the build it stands in for rc-tabs' own (vite.config.ts, `BUILD_SUBSTITUTES`), which imports
 * rc-dropdown and rc-menu for the list of tabs that do not fit (about 10 KB gzip, on every page with a
 * Card, which imports Tabs): that one is loaded when tabs overflow.
 */
const TabsMoreButton = forwardRef<HTMLDivElement, Props>(function TabsMoreButton(props, ref) {
  const { prefixCls, id, tabs, mobile, more, style, className, editable, tabBarGutter } = props;
  const placeholder = (
    <div
      className={[`${prefixCls}-nav-operations`, className].filter(Boolean).join(' ')}
      style={style}
      ref={ref}
    >
      {mobile ? null : (
        <button
          type="button"
          className={`${prefixCls}-nav-more`}
          style={{ marginInlineStart: tabBarGutter, visibility: 'hidden', order: 1 }}
          aria-haspopup="listbox"
          aria-controls={`${id}-more-popup`}
          id={`${id}-more`}
          aria-expanded={false}
          tabIndex={-1}
        >
          {more?.icon ?? 'More'}
        </button>
      )}
    </div>
  );
  if (tabs.length === 0 && !editable) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <OperationNode {...props} ref={ref} />
    </Suspense>
  );
});

export default TabsMoreButton;
