import {
  type LazyExoticComponent,
  type ReactElement,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { lazy } from '../lazy';

/** An antd feedback API (`message`, `notification`, `modal`): methods called for their effect. */
type Api = Record<string, (...args: never[]) => unknown>;
/** antd's `useMessage`, `useNotification`, `useModal`: the API and the element that draws it. */
type Hook = (config?: never) => readonly [object, ReactElement];

interface HolderProps {
  config: unknown;
  onApi: (api: Api) => void;
}

/** antd's feedback hook behind `load`, as a lazy component that draws it and hands out its API. */
export interface FeedbackLoader {
  Holder: LazyExoticComponent<(props: HolderProps) => ReactElement>;
}

/**
 * Prepares `load` (one of antd's feedback hooks) for `useLazyFeedback`, and fetches it at the user's
 * first press or key, before a message is likely wanted.
 */
export function feedbackLoader(load: () => Promise<{ default: Hook }>, part: string): FeedbackLoader {
  let loading: Promise<{ default: (props: HolderProps) => ReactElement }> | undefined;
  const loadHolder = () => {
    loading ??= load().then(({ default: useReal }) => ({
      default: function Holder({ config, onApi }: HolderProps) {
        const [api, holder] = useReal(config as never);
        useEffect(() => onApi(api as Api), [api, onApi]);
        return holder;
      },
    }));
    return loading;
  };
  // No window in the server's render (ssr/render.tsx): nothing to wait for there.
  if (typeof window !== 'undefined')
    for (const type of ['pointerdown', 'keydown'])
      window.addEventListener(type, () => void loadHolder(), { once: true, capture: true, passive: true });
  return { Holder: lazy(loadHolder, part) };
}

/**
 * antd's feedback hook, loaded at the first call of one of its `methods` instead of with the first
 * screen. In the build it stands in for the hooks antd's `App` imports (vite.config.ts,
 * `BUILD_SUBSTITUTES`): message, notification and modal, with rc-notification and rc-dialog, were
 * 15–18 KB gzip of every first screen, and no page shows any of them before the user acts.
 *
 * `App.useApp()` answers an API of the same `methods` at once; calls made before antd's code is
 * there are kept and made, in order, when it is (the code is fetched at the user's first press or
 * key, so it is usually there before the server's answer that a message reports). What the methods
 * return is not available: no caller here uses it.
 */
export function useLazyFeedback(
  { Holder }: FeedbackLoader,
  methods: readonly string[],
  config?: unknown,
): readonly [Api, ReactElement | null] {
  const [wanted, setWanted] = useState(false);
  const real = useRef<Api | null>(null);
  const waiting = useRef<[string, never[]][]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the methods of a hook never change
  const api = useMemo<Api>(
    () =>
      Object.fromEntries(
        methods.map((method) => [
          method,
          (...args: never[]) => {
            if (real.current) return real.current[method]?.(...args);
            waiting.current.push([method, args]);
            setWanted(true);
            return undefined;
          },
        ]),
      ),
    [],
  );
  const onApi = useCallback((loaded: Api) => {
    real.current = loaded;
    for (const [method, args] of waiting.current.splice(0)) loaded[method]?.(...args);
  }, []);
  const holder = wanted ? (
    <Suspense fallback={null}>
      <Holder config={config} onApi={onApi} />
    </Suspense>
  ) : null;
  return [api, holder];
}
