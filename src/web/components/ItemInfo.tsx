import { Descriptions } from 'antd';
import dayjs from 'dayjs';
import { label, OUTCOME_LABEL } from '../api/labels';
import type { Item, ItemSummary } from '../api/types';
import { useOrg } from '../lib/org';
import { personName } from '../lib/users';
import { LightTag } from './LightTag';

import { StatusTag } from './StatusTag';

export { StatusTag };

/** The item's basic information (督办事项基本信息), read-only. */
export function ItemInfo({
  item,
  column = 1,
  showStatus = true,
}: {
  item: Pick<Item, 'number' | 'title' | 'source' | 'leadDepartmentId' | 'assignedAt' | 'dueAt'> &
    Partial<Item> &
    Pick<ItemSummary, 'status'>;
  column?: number;
  showStatus?: boolean;
}) {
  const org = useOrg();
  const items = [
    { key: 'number', label: '督办编号', children: item.number },
    { key: 'title', label: '督办事项', children: item.title },
    { key: 'source', label: '督办来源', children: item.source },
    { key: 'lead', label: '承办（主办）单位', children: org.departmentName(item.leadDepartmentId) },
    {
      key: 'assist',
      label: '协办单位',
      children: item.assistDepartmentIds?.length
        ? item.assistDepartmentIds.map((id) => org.departmentName(id)).join('、')
        : '无',
    },
    { key: 'assignedAt', label: '交办时间', children: item.assignedAt },
    {
      key: 'dueAt',
      label: '办结时间',
      children:
        item.originalDueAt && item.originalDueAt !== item.dueAt
          ? `${item.dueAt}（原定 ${item.originalDueAt}，延期 ${item.extensionCount ?? 0} 次）`
          : item.dueAt,
    },
    ...(item.promisedAt ? [{ key: 'promisedAt', label: '承诺办结时间', children: item.promisedAt }] : []),
    ...(item.registrarId
      ? [{ key: 'registrar', label: '督办人', children: personName(item.registrarName) }]
      : []),
    ...(showStatus
      ? [
          {
            key: 'status',
            label: '办理结果',
            children: (
              <>
                <StatusTag
                  status={item.status}
                  closeKind={item.closeKind}
                  extensionPending={item.extensionPending}
                />
                {/* A closed item has no light: say when it closed instead of a bare "—". */}
                {item.status === 'closed' ? (
                  item.closedAt ? (
                    <span className="muted"> 于 {dayjs(item.closedAt).format('YYYY-MM-DD')}</span>
                  ) : null
                ) : (
                  <>
                    {' '}
                    <LightTag light={item.light} />
                  </>
                )}
                {item.overdueDays ? <span className="muted"> 已超期 {item.overdueDays} 个工作日</span> : null}
              </>
            ),
          },
          { key: 'result', label: '事务办理', children: label(OUTCOME_LABEL, item.result) },
        ]
      : []),
    {
      key: 'content',
      label: '督办内容及要求',
      children: <p className="pre-wrap item-content">{item.content ?? ''}</p>,
      span: column,
    },
  ];
  return <Descriptions bordered size="small" column={column} items={items} className="item-info" />;
}
