import { hydrate, type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { type ReactNode, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SEES_ALL_ROLES } from '../domain/roles';
import { createQueryClient } from './api/queryClient';
import type { Me, Role } from './api/types';
import { PageLoading } from './components/PageLoading';
import { AuthProvider, useAuth } from './features/auth/AuthContext';
import { Reveal } from './lib/firstPaint';
import { lazy } from './lib/lazy';
import { loadAppLayout, preloadScreen, SCREEN_PAGES } from './lib/preloadScreen';
import { ServerScreens } from './lib/screens';
import { serverRendered } from './lib/serverRendered';
import { THEME } from './theme';

/**
 * antd without run-time CSS-in-JS in the built UI: its component rules come from the stylesheets
 * the build makes with the same theme (scripts/antd-static-css.ts); only its CSS variables are
 * still set here. The Vite dev server and the unit tests have no such sheets (the plugins run at
 * build only), so there antd keeps making its styles at run time.
 */
const APP_THEME = { ...THEME, zeroRuntime: import.meta.env.PROD };

const LoginPage = lazy(() => import('./features/auth/LoginPage'), 'App.LoginPage');
const AppLayout = lazy(loadAppLayout, 'App.AppLayout');
const HomePage = lazy(SCREEN_PAGES.home, 'App.HomePage');
const TaskListPage = lazy(SCREEN_PAGES.taskList, 'App.TaskListPage');
const HandlingPage = lazy(() => import('./features/handling/HandlingPage'), 'App.HandlingPage');
const NewItemPage = lazy(SCREEN_PAGES.newItem, 'App.NewItemPage');
const ItemQueryPage = lazy(SCREEN_PAGES.itemQuery, 'App.ItemQueryPage');
const ItemDetailPage = lazy(SCREEN_PAGES.itemDetail, 'App.ItemDetailPage');
const AdminItemsPage = lazy(() => import('./features/items/AdminItemsPage'), 'App.AdminItemsPage');
const ReportPage = lazy(() => import('./features/reports/ReportPage'), 'App.ReportPage');
const SummaryPage = lazy(() => import('./features/summary/SummaryPage'), 'App.SummaryPage');
const SystemPage = lazy(() => import('./features/system/SystemPage'), 'App.SystemPage');
const AuditPage = lazy(() => import('./features/audit/AuditPage'), 'App.AuditPage');
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'), 'App.NotFoundPage');
const ForbiddenPage = lazy(() => import('./pages/ForbiddenPage'), 'App.ForbiddenPage');
const ForcedPasswordChange = lazy(
  () => import('./features/auth/ForcedPasswordChange'),
  'App.ForcedPasswordChange',
);
const OrgImportPage = lazy(() => import('./features/system/OrgImportPage'), 'App.OrgImportPage');
const PrintPage = lazy(() => import('./features/print/PrintPage'), 'App.PrintPage');
const AbsencesPage = lazy(() => import('./features/people/AbsencesPage'), 'App.AbsencesPage');
const StuckTasksPage = lazy(() => import('./features/people/StuckTasksPage'), 'App.StuckTasksPage');

/**
 * Fetches the first signed-in screen's code ahead (lib/preloadScreen) as soon as the session is known.
 * Outside the Suspense boundary: its effect runs in the commit that shows the fallback, while the
 * frame's chunk is still loading; in RequireAuth, which suspends on that chunk, it would run only once
 * the chunk had arrived. On 登录, for the page it goes to once signed in (RequireAuth's `from`): the
 * router's move there is a transition, which commits only once the frame's chunk has arrived too.
 */
function PreloadScreen() {
  const { me } = useAuth();
  const location = useLocation();
  const signedIn = me !== null && !me.mustChangePassword;
  const next =
    location.pathname === '/login'
      ? ((location.state as { from?: string } | null)?.from ?? '/')
      : location.pathname;
  useEffect(() => {
    if (signedIn) preloadScreen(new URL(next, window.location.href).pathname);
  }, [signedIn, next]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <PageLoading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.mustChangePassword)
    return (
      <>
        <Reveal />
        <ForcedPasswordChange />
      </>
    );
  return children;
}

/** Hides a page from users without one of the roles; the server enforces the same. */
function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { me } = useAuth();
  if (!me || !roles.some((r) => me.roles.includes(r))) return <ForbiddenPage />;
  return children;
}

/**
 * The providers every screen renders in: antd's theme and locale, the API answers' store, the
 * session. `session`: the signed-in user the server rendered the page for (ssr/render.tsx,
 * lib/serverRendered.ts), so that the app starts from it rather than asking again.
 */
export function AppProviders({
  client,
  session,
  children,
}: {
  client: QueryClient;
  session?: { user: Me | null };
  children: ReactNode;
}) {
  return (
    <ConfigProvider locale={zhCN} theme={APP_THEME}>
      <AntApp>
        <QueryClientProvider client={client}>
          <AuthProvider initial={session}>{children}</AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * Everything inside the router, the same in the browser and in the server's render
 * (ssr/render.tsx), which the app hydrates: the two trees must match component for component.
 */
export function AppBody() {
  return (
    <>
      <PreloadScreen />
      <AppRoutes />
    </>
  );
}

/** The app's pages by address (inside a router: the browser's, or the server's StaticRouter). */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route
          path="/login"
          element={
            <>
              <Reveal />
              <LoginPage />
            </>
          }
        />
        {/* 打印: a page of its own, without the navigation (§13). */}
        <Route
          path="/items/:id/print"
          element={
            <RequireAuth>
              <Reveal />
              <PrintPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="tasks/pending" element={<TaskListPage state="pending" />} />
          <Route path="tasks/done" element={<TaskListPage state="done" />} />
          <Route path="tasks/:id" element={<HandlingPage />} />
          <Route
            path="items/new"
            element={
              <RequireRole roles={['supervisor']}>
                <NewItemPage />
              </RequireRole>
            }
          />
          <Route path="items" element={<ItemQueryPage />} />
          <Route path="items/:id" element={<ItemDetailPage />} />
          <Route path="reports/lead" element={<ReportPage kind="lead" />} />
          <Route path="reports/assist" element={<ReportPage kind="assist" />} />
          <Route
            path="summary"
            element={
              <RequireRole roles={SEES_ALL_ROLES}>
                <SummaryPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/items"
            element={
              <RequireRole roles={['admin']}>
                <AdminItemsPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/stuck"
            element={
              <RequireRole roles={['admin']}>
                <StuckTasksPage />
              </RequireRole>
            }
          />
          <Route
            path="system"
            element={
              <RequireRole roles={['sysadmin']}>
                <SystemPage />
              </RequireRole>
            }
          />
          <Route
            path="system/import"
            element={
              <RequireRole roles={['sysadmin']}>
                <OrgImportPage />
              </RequireRole>
            }
          />
          <Route
            path="audit"
            element={
              <RequireRole roles={['auditor', 'sysadmin']}>
                <AuditPage />
              </RequireRole>
            }
          />
          <Route path="absences" element={<AbsencesPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

/**
 * The answers of the API held for the pages (TanStack Query); emptied when the user signs out. A
 * page the server rendered brings the answers it rendered with (lib/serverRendered.ts).
 */
const queryClient = createQueryClient();
const FIRST_SCREEN_GRACE_MS = 10_000;
const rendered = serverRendered();
if (rendered) {
  // As fresh as the page itself, which the server fetched them for a moment ago: dated by the
  // browser's clock, not the server's (the two need not agree), and FIRST_SCREEN_GRACE_MS ahead, so
  // that a page whose code took longer than the queries' staleTime to arrive does not ask again.
  const now = Date.now() + FIRST_SCREEN_GRACE_MS;
  hydrate(queryClient, {
    ...rendered.queries,
    queries: rendered.queries.queries.map((q) => ({ ...q, state: { ...q.state, dataUpdatedAt: now } })),
  });
}

export function App() {
  return (
    <ServerScreens value={rendered?.screens ?? '111'}>
      <AppProviders client={queryClient} session={rendered?.session}>
        <BrowserRouter>
          <AppBody />
        </BrowserRouter>
      </AppProviders>
    </ServerScreens>
  );
}
