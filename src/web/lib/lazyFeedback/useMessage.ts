import { feedbackLoader, useLazyFeedback } from './lazyHook';

const loader = feedbackLoader(() => import('antd/es/message/useMessage'), 'feedback.Message');
const METHODS = ['open', 'success', 'error', 'info', 'warning', 'loading', 'destroy'];

/** antd's `useMessage`, loaded at the first message (see useLazyFeedback). */
export default function useMessage(config?: unknown) {
  return useLazyFeedback(loader, METHODS, config);
}
