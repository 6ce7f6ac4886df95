// @vitest-environment jsdom
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../api/keys';
import { createQueryClient } from '../api/queryClient';
import { departments } from '../testing/dom';
import { jsonResponse } from '../testing/json';
import { type Org, OrgProvider, useOrg, useOrgLoading } from './org';

let answers = 0;
let release: (() => void) | undefined;

beforeEach(() => {
  answers = 0;
  release = undefined;
  renders = 0;
  org = undefined;
  // GET /api/departments: the same list each time; a reading after the first waits for `release`.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => {
      answers += 1;
      if (answers > 1) await new Promise<void>((resolve) => (release = resolve));
      return jsonResponse(departments);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

/** Renders counted, and the value it last read (for `reload`). */
let renders = 0;
let org: Org | undefined;
function Reader() {
  renders += 1;
  org = useOrg();
  return <span>{org.departmentName('d-fin')}</span>;
}
function Loading() {
  return <span>{useOrgLoading() ? '读取中' : '已读取'}</span>;
}

/** 部门管理's 人数: a query under the list's key (keys.departmentCounts). */
function Counts() {
  useQuery({ queryKey: keys.departmentCounts(), queryFn: () => fetch('/api/departments/counts') });
  return null;
}

describe('OrgProvider', () => {
  it('renders its readers again only when the list changes, not when it is read again', async () => {
    render(
      <QueryClientProvider client={createQueryClient()}>
        <OrgProvider>
          <Reader />
          <Loading />
        </OrgProvider>
      </QueryClientProvider>,
    );
    await screen.findByText('财务部');
    await screen.findByText('已读取');
    const before = renders;

    let reloaded: Promise<void> | undefined;
    act(() => {
      reloaded = org?.reload();
    });
    // useOrgLoading tells of the reading…
    await screen.findByText('读取中');
    await act(async () => {
      release?.();
      await reloaded;
    });
    await screen.findByText('已读取');
    expect(answers).toBe(2);
    // …the readers of the names did not render for it: the same list, the same value.
    expect(renders).toBe(before);
  });

  it('is not loading while 人数 (under the same key) is read', async () => {
    // GET /api/departments answers; the counts never do.
    let countsAsked = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url.includes('counts')) {
          countsAsked = true;
          return new Promise<Response>(() => {});
        }
        return jsonResponse(departments);
      }),
    );
    render(
      <QueryClientProvider client={createQueryClient()}>
        <OrgProvider>
          <Reader />
          <Counts />
          <Loading />
        </OrgProvider>
      </QueryClientProvider>,
    );
    // The list has answered (its names are there) while the counts are still being read.
    await screen.findByText('财务部');
    await screen.findByText('已读取');
    expect(countsAsked).toBe(true);
    expect(screen.getByText('已读取')).toBeTruthy();
  });
});
