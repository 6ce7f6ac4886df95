/**
 * What antd needs from a browser that jsdom lacks, plus a render helper with the app's providers.
 * Imported by component tests (which run with `// @vitest-environment jsdom`).
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach } from 'vitest';
import { createQueryClient } from '../api/queryClient';
import type { Department, User } from '../api/types';
import { StaticOrgProvider } from '../lib/org';

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: query.includes('min-width') && !query.includes('1600'),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: typeof ResizeObserverStub }).ResizeObserver = ResizeObserverStub;
}

// jsdom does not implement pseudo-element styles; antd only asks for scrollbar sizes.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

afterEach(() => cleanup());

// antd shows a form's messages a timer after they are set and re-renders the whole form; with the
// suite's other workers on a loaded 2-core machine that took over testing-library's default 1 s
// (findByText missed 请选择承诺办结时间 once). Waits still end as soon as the text is there.
configure({ asyncUtilTimeout: 5_000 });

export const departments: Department[] = [
  { id: 'd-office', name: '督办科', parentId: null },
  { id: 'd-fin', name: '财务部', parentId: null },
  { id: 'd-hr', name: '人力资源部', parentId: null },
];

export const users: User[] = [
  { id: 'u-sup', username: 'dbk', name: '王督办', departmentId: 'd-office', position: 'staff' },
  { id: 'u-head', username: 'cwhead', name: '张部长', departmentId: 'd-fin', position: 'head' },
  { id: 'u-deputy', username: 'cwdeputy', name: '李分管', departmentId: 'd-fin', position: 'deputy' },
  { id: 'u-staff', username: 'cwstaff', name: '赵专员', departmentId: 'd-fin', position: 'staff' },
  { id: 'u-hr', username: 'hrstaff', name: '孙协办', departmentId: 'd-hr', position: 'staff' },
  { id: 'u-hr2', username: 'hrhead', name: '周部长', departmentId: 'd-hr', position: 'head' },
];

export function renderWithApp(ui: ReactElement) {
  // A client per render: no answer cached by one test reaches the next.
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <QueryClientProvider client={createQueryClient()}>
          <MemoryRouter>
            <StaticOrgProvider departments={departments}>{ui}</StaticOrgProvider>
          </MemoryRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>,
  );
}
