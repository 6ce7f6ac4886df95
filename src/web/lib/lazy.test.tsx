// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { type ReactNode, Suspense } from 'react';
import { describe, expect, it } from 'vitest';
import { lazy, lazyLoadsSettled, partsHydrated, recordParts } from './lazy';

/** A module whose load the test finishes when it wants. */
function deferredModule(text: string) {
  let finish = () => {};
  const loaded = new Promise<{ default: () => ReactNode }>((resolve) => {
    finish = () => resolve({ default: () => <span>{text}</span> });
  });
  return { load: () => loaded, finish };
}

describe('lazy parts', () => {
  it('a part counts as hydrated only once its content has committed; the waiters of several parts all resolve', async () => {
    const first = deferredModule('第一部分');
    const second = deferredModule('第二部分');
    const First = lazy(first.load, 'test.First');
    const Second = lazy(second.load, 'test.Second');
    const state = { both: false, firstOnly: false, settled: false };
    void partsHydrated(['test.First', 'test.Second'], 60_000).then(() => {
      state.both = true;
    });
    void partsHydrated(['test.First'], 60_000).then(() => {
      state.firstOnly = true;
    });
    render(
      <>
        <Suspense fallback="…">
          <First />
        </Suspense>
        <Suspense fallback="…">
          <Second />
        </Suspense>
      </>,
    );
    void lazyLoadsSettled().then(() => {
      state.settled = true;
    });
    await Promise.resolve();
    expect(state).toEqual({ both: false, firstOnly: false, settled: false });

    await act(async () => first.finish());
    await screen.findByText('第一部分');
    expect(state).toEqual({ both: false, firstOnly: true, settled: false });

    await act(async () => second.finish());
    await screen.findByText('第二部分');
    await lazyLoadsSettled();
    expect(state).toEqual({ both: true, firstOnly: true, settled: true });
  });

  it('gives up waiting at the time limit (a part the browser renders otherwise never commits)', async () => {
    const started = Date.now();
    await partsHydrated(['test.Never'], 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('records the parts rendered, where a recorder is set (the server’s render)', async () => {
    const seen: string[] = [];
    recordParts((part) => seen.push(part));
    const module = deferredModule('记录');
    const Recorded = lazy(module.load, 'test.Recorded');
    module.finish();
    render(
      <Suspense fallback="…">
        <Recorded />
      </Suspense>,
    );
    await screen.findByText('记录');
    expect(seen).toContain('test.Recorded');
    expect(seen).not.toContain('test.First');
  });
});
