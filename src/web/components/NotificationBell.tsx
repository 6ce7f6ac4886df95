import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Popover } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { listUnreadNotifications, markAllNotificationsRead, markNotificationRead } from '../api/endpoints';
import { keys } from '../api/keys';
import type { Notification } from '../api/types';

const KIND_LABEL: Record<Notification['kind'], string> = {
  task: '新待办',
  returned: '退回',
  urge: '催办',
  monthly: '每月督办',
  due: '即将到期',
  overdue: '已逾期',
  escalated: '逾期升级',
  extension_approved: '延期已批准',
  extension_rejected: '延期未批准',
  transferred: '转交',
  cancelled: '已取消',
  completed: '已办结',
  terminated: '已终止',
  reopened: '重新打开',
  handler_added: '新增办理人',
  handler_removed: '移除办理人',
  refused: '拒签',
};

/** How often the bell asks for unread notifications. */
const POLL_MS = 60_000;

/**
 * 已读 and 全部已读 take the notifications off the list at once (the bell counts down with the
 * click); should the server refuse, the list is read again.
 */
function useMarkRead() {
  const queryClient = useQueryClient();
  const key = keys.notifications();
  return useMutation({
    mutationFn: (n: Notification | 'all') =>
      n === 'all' ? markAllNotificationsRead() : markNotificationRead(n.id),
    onMutate: async (n) => {
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<Notification[]>(key, (current = []) =>
        n === 'all' ? [] : current.filter((x) => x.id !== n.id),
      );
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** 消息提醒: unread notifications, polled every minute. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  // The bell stays quiet when notifications cannot be loaded: no error is shown.
  const { data: items = [], refetch } = useQuery({
    queryKey: keys.notifications(),
    queryFn: listUnreadNotifications,
    refetchInterval: POLL_MS,
  });
  const { mutate } = useMarkRead();
  const markRead = (n: Notification) => mutate(n);
  const markAllRead = () => mutate('all');

  const content = (
    <div className="notification-panel">
      {items.length > 0 ? (
        <div className="notification-actions">
          <Button type="link" size="small" onClick={markAllRead}>
            全部已读
          </Button>
        </div>
      ) : null}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无未读消息" />
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className="link-button notification-text"
                onClick={() => {
                  markRead(n);
                  setOpen(false);
                  if (n.itemId) navigate(`/items/${n.itemId}`);
                }}
              >
                <strong>【{KIND_LABEL[n.kind] ?? n.kind}】</strong>
                {n.message}
                <br />
                <span className="muted">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</span>
              </button>
              <Button type="link" size="small" onClick={() => markRead(n)}>
                标为已读
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      title="消息提醒"
      trigger="click"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void refetch();
      }}
      placement="bottomRight"
    >
      <Button type="text" className="header-button" aria-label={`消息提醒，${items.length} 条未读`}>
        {/* The count as plain markup: antd's Badge (with its rolling digits) was 5 KB gzip on every page. */}
        <span className="bell">
          <BellOutlined className="header-icon" />
          {items.length > 0 ? (
            <sup className="bell-count" aria-hidden="true">
              {items.length > 99 ? '99+' : items.length}
            </sup>
          ) : null}
        </span>
      </Button>
    </Popover>
  );
}
