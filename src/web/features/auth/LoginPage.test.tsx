// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../testing/dom';
import { jsonResponse } from '../../testing/json';
import { AuthProvider } from './AuthContext';
import LoginPage from './LoginPage';

beforeEach(() => {
  // GET /api/auth/providers and /api/settings/public: the password form alone, no contact.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse({ local: true, ldap: false, oidc: null, helpContact: null })),
  );
});
afterEach(() => vi.unstubAllGlobals());

function renderLogin() {
  renderWithApp(
    <AuthProvider initial={{ user: null }}>
      <LoginPage />
    </AuthProvider>,
  );
  return { username: screen.getByLabelText('用户名'), password: screen.getByLabelText('密码') };
}

describe('登录: the cursor', () => {
  it('waits in 用户名 once the page is drawn', async () => {
    const { username } = renderLogin();
    await waitFor(() => expect(document.activeElement).toBe(username));
  });

  it('stays in the field the user chose before then', async () => {
    const { username, password } = renderLogin();
    password.focus();
    fireEvent.change(password, { target: { value: 'x' } });
    // Two frames and a task later, the deferred focus has run (or would have).
    await new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 10))),
    );
    expect(document.activeElement).toBe(password);
    expect(document.activeElement).not.toBe(username);
  });
});
