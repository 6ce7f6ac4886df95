import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api/types';
import { type ServerRendered, serverRendered, serverRenderedBlock } from './serverRendered';

const user = {
  id: 'u1',
  username: 'cw_head',
  name: '张部长',
  departmentId: 'd1',
  roles: [],
} as unknown as Me;

/** A page whose data block holds `text` (the browser's DOM, as far as the module reads it). */
function pageWith(text: string | undefined) {
  vi.stubGlobal('document', {
    getElementById: (id: string) => (id === 'duban-ssr' && text !== undefined ? { textContent: text } : null),
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('the server-rendered state in the page', () => {
  it('survives the trip through the HTML whatever the answers hold', () => {
    const state: ServerRendered = {
      session: { user },
      screens: '111',
      queries: {
        mutations: [],
        queries: [
          {
            queryKey: ['item', 'x'],
            queryHash: '["item","x"]',
            state: { data: { title: '</script><script>alert(1)</script><!-- \u2028\u2029 &amp;' } },
          } as never,
        ],
      },
    };
    const block = serverRenderedBlock(state);
    const inner = /^<script type="application\/json" id="duban-ssr">(.*)<\/script>$/s.exec(block)?.[1];
    // Nothing in the block can end it or open a comment: no `<` at all.
    expect(inner).toBeDefined();
    expect(inner).not.toMatch(/[<\u2028\u2029]/);
    pageWith(inner);
    expect(serverRendered()).toEqual(state);
    // Parsed once: the app's start and its readiness for clicks get the same object.
    expect(serverRendered()).toBe(serverRendered());
  });

  it('is absent from a page the server did not render, and when the block is not what it should be', () => {
    pageWith(undefined);
    expect(serverRendered()).toBeUndefined();
    pageWith('{not json');
    expect(serverRendered()).toBeUndefined();
    pageWith(JSON.stringify({ session: {}, queries: { queries: [] } }));
    expect(serverRendered()).toBeUndefined();
    pageWith(JSON.stringify({ session: { user: 'cw_head' }, queries: { queries: [] } }));
    expect(serverRendered()).toBeUndefined();
    pageWith(JSON.stringify({ session: { user }, queries: {} }));
    expect(serverRendered()).toBeUndefined();
  });

  it('holds no user on 登录, rendered for a browser without a session', () => {
    const visitor = { session: { user: null }, screens: '111', queries: { mutations: [], queries: [] } };
    pageWith(JSON.stringify(visitor));
    expect(serverRendered()).toEqual(visitor);
  });
});
