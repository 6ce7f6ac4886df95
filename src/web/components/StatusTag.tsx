import { STATUS_LABEL } from '../api/labels';
import type { ItemStatus } from '../api/types';
import { SoftTag } from './SoftTag';

/** 未办结 / 已办结. On its own so that the lists do not load ItemInfo's Descriptions (issue 12). */
export function StatusTag({ status }: { status: ItemStatus }) {
  return <SoftTag tone={status === 'closed' ? 'grey' : 'blue'}>{STATUS_LABEL[status]}</SoftTag>;
}
