// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../features/auth/AuthContext';
import { StaticOrgProvider } from '../lib/org';
import { departments, renderWithApp } from '../testing/dom';
import HeaderTools from './HeaderTools';

const head = {
  id: 'u-head',
  username: 'cwhead',
  name: '张部长',
  departmentId: 'd-fin',
  position: 'head' as const,
  roles: [],
};

beforeEach(() => {
  // The bell asks for unread notifications: none.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } })),
  );
});
afterEach(() => vi.unstubAllGlobals());

function openMenu(known: typeof departments) {
  renderWithApp(
    <AuthProvider initial={{ user: head }}>
      <StaticOrgProvider departments={known}>
        <HeaderTools />
      </StaticOrgProvider>
    </AuthProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: '用户：张部长' }));
}

describe('the user menu (HeaderTools)', () => {
  it('names the department and the position', async () => {
    openMenu(departments);
    expect((await screen.findByText(/部处负责人/)).textContent).toBe('财务部 · 部处负责人');
  });

  it('shows the position alone while the departments are loading, never the department’s id', async () => {
    openMenu([]);
    expect((await screen.findByText(/部处负责人/)).textContent).toBe('部处负责人');
  });
});
