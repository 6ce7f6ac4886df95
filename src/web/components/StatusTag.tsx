import { CLOSE_KIND_LABEL, STATUS_LABEL } from '../api/labels';
import type { CloseKind, ItemStatus } from '../api/types';
import { SoftTag } from './SoftTag';

/**
 * 办理结果 in the manual's words (§12): 未办结, 已办结 or 已终止 — an item ended without completion
 * is never shown as 已办结 — and 延期审批中 while an extension request is pending. On its own so that
 * the lists do not load ItemInfo's Descriptions (issue 12).
 */
export function StatusTag({
  status,
  closeKind,
  extensionPending,
}: {
  status: ItemStatus;
  closeKind?: CloseKind | null | undefined;
  extensionPending?: boolean | undefined;
}) {
  const text = status === 'open' ? STATUS_LABEL.open : CLOSE_KIND_LABEL[closeKind ?? 'completed'];
  const tone = status === 'open' ? 'blue' : closeKind === 'terminated' ? 'red' : 'grey';
  return (
    <>
      <SoftTag tone={tone}>{text}</SoftTag>
      {extensionPending ? <SoftTag tone="gold">延期审批中</SoftTag> : null}
    </>
  );
}
