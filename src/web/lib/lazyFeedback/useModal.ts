import { feedbackLoader, useLazyFeedback } from './lazyHook';

const loader = feedbackLoader(() => import('antd/es/modal/useModal'), 'feedback.Modal');
const METHODS = ['confirm', 'info', 'success', 'error', 'warning', 'warn'];

/** antd's `useModal`, loaded at the first `modal.confirm` and the like (see useLazyFeedback). */
export default function useModal(config?: unknown) {
  return useLazyFeedback(loader, METHODS, config);
}
