/**
 * 督办列表's edit drawer (spec §10): removing a handler who still holds pending tasks on the item
 * needs a successor for those tasks. One 接替人 field per such handler appears as soon as the row is
 * removed, offering only people who may take every one of their tasks; the drawer sends the answers
 * as `handlerSuccessors` (the server would otherwise answer 409 pending_work).
 */
import { Alert, Form } from 'antd';
import { label, TASK_KIND_LABEL } from '../../api/labels';
import type { Item, User } from '../../api/types';
import { UserSelect } from '../../components/UserSelect';
import { popupInside } from '../../lib/popup';
import { personName } from '../../lib/users';
import { receiverFilter, removedWithPending, successorTargets } from './transfer';

export function HandlerSuccessorFields({ item }: { item: Item }) {
  const form = Form.useFormInstance();
  const handlers = Form.useWatch('handlers', form) as ({ userId?: string } | undefined)[] | undefined;
  if (!handlers) return null;
  const removed = removedWithPending(
    item,
    handlers.map((h) => h?.userId),
  );
  if (removed.length === 0) return null;
  return (
    <div className="handler-successors">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="被移除的办理人尚有待办，请指定接替人：其待办将转交给接替人。"
      />
      {removed.map((r) => {
        const name = personName(item.handlers?.find((h) => h.userId === r.userId)?.name);
        const exclude = (u: User) => successorTargets(r, item.leadDepartmentId, [u]).length === 0;
        return (
          <Form.Item
            key={r.userId}
            name={['handlerSuccessors', r.userId]}
            label={`${name}的接替人`}
            className="field-required"
            extra={`待办：${r.kinds.map((k) => label(TASK_KIND_LABEL, k)).join('、')}`}
            rules={[{ required: true, message: `请选择${name}的接替人` }]}
          >
            <UserSelect
              placeholder="输入姓名或拼音（只列出可接收这些待办的人员）"
              getPopupContainer={popupInside}
              filter={receiverFilter(r.kinds, item.leadDepartmentId)}
              exclude={exclude}
            />
          </Form.Item>
        );
      })}
    </div>
  );
}
