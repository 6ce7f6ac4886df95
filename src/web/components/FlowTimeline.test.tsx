// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '../api/types';
import { renderWithApp } from '../testing/dom';
import { jsonResponse } from '../testing/json';
import { FlowTimeline } from './FlowTimeline';

afterEach(() => vi.unstubAllGlobals());

/** 张部长 delegated to 赵专员, who has not opened it yet. */
const flow = (canWithdraw: boolean): Flow => ({
  id: 'f1',
  kind: 'registration',
  status: 'active',
  steps: [
    {
      taskId: 't1',
      kind: 'handle',
      assigneeId: 'u-head',
      assigneeName: '张部长',
      state: 'done',
      action: 'delegate',
      decision: 'delegate',
      delegateToId: 'u-staff',
      delegateToName: '赵专员',
    },
    {
      taskId: 't2',
      kind: 'handle',
      assigneeId: 'u-staff',
      assigneeName: '赵专员',
      state: 'pending',
      readAt: null,
      canWithdraw,
    },
  ],
});

describe('FlowTimeline: 已读/未读 and 收回 (§10)', () => {
  it('a pending step shows 未读 until its assignee opens it, then 已读', () => {
    const { unmount } = renderWithApp(<FlowTimeline flows={[flow(false)]} />);
    expect(screen.getByText('未读')).toBeTruthy();
    unmount();
    const read = flow(false);
    read.steps[1] = { ...read.steps[1], readAt: '2026-03-02T08:00:00.000Z' } as Flow['steps'][number];
    renderWithApp(<FlowTimeline flows={[read]} />);
    expect(screen.getByText('已读')).toBeTruthy();
    expect(screen.queryByText('未读')).toBeNull();
  });

  it('names people by the names the answer carries (no directory in the web)', () => {
    renderWithApp(<FlowTimeline flows={[flow(false)]} />);
    expect(screen.getAllByText('张部长').length).toBeGreaterThan(0);
    expect(screen.getAllByText('赵专员').length).toBeGreaterThan(1);
  });

  it('收回 only on the step the server marks, and only where the page offers it', () => {
    renderWithApp(<FlowTimeline flows={[flow(false)]} offerWithdraw />);
    expect(screen.queryByRole('button', { name: /收回/ })).toBeNull();
    renderWithApp(<FlowTimeline flows={[flow(true)]} />);
    expect(screen.queryByRole('button', { name: /收回/ })).toBeNull();
  });

  it('收回 asks first, then posts the withdrawal of that step', async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse({ created: [] }));
    vi.stubGlobal('fetch', fetch);
    renderWithApp(<FlowTimeline flows={[flow(true)]} offerWithdraw />);
    fireEvent.click(screen.getByRole('button', { name: '收回 赵专员的办理' }));
    expect((await screen.findAllByText('收回赵专员的办理待办？')).length).toBeGreaterThan(0);
    expect(fetch).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /^收\s*回$/ }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      ['/api/tasks/t2/withdraw', 'POST'],
    ]);
  });
});
