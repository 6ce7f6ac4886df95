import { type CSSProperties, Suspense } from 'react';
import { lazy } from '../lib/lazy';

const Alert = lazy(() => import('antd/es/alert'), 'ErrorAlert.Alert');

/**
 * A list's error (the server's answer as text), in antd's error Alert, whose code comes only when
 * there is an error: not on the first screen of a page that shows none (issue 12).
 */
export function ErrorAlert({ text, style }: { text: string | undefined; style?: CSSProperties }) {
  return (
    <Suspense fallback={<div role="alert">{text}</div>}>
      <Alert type="error" showIcon title={text} style={style} />
    </Suspense>
  );
}
