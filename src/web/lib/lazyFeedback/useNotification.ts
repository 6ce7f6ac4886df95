import { feedbackLoader, useLazyFeedback } from './lazyHook';

const loader = feedbackLoader(() => import('antd/es/notification/useNotification'), 'feedback.Notification');
const METHODS = ['open', 'success', 'error', 'info', 'warning', 'destroy'];

/** antd's `useNotification`, loaded at the first notification (see useLazyFeedback). */
export default function useNotification(config?: unknown) {
  return useLazyFeedback(loader, METHODS, config);
}
