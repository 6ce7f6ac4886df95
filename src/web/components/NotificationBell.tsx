import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
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
};

/** 消息提醒: unread notifications, polled every minute. */
export function NotificationBell() {
  const [items, setItems] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();

  const load = useCallback(async () => {
    try {
      setItems(await api.get<Notification[]>('/api/notifications', { unread: true }));
    } catch {
      // The bell stays quiet when notifications cannot be loaded.
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 60_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const markRead = async (n: Notification) => {
    setItems((current) => current.filter((x) => x.id !== n.id));
    try {
      await api.post(`/api/notifications/${encodeURIComponent(n.id)}/read`);
    } catch {
      void load();
    }
  };

  const markAllRead = async () => {
    setItems([]);
    try {
      await api.post('/api/notifications/read-all');
    } catch {
      void load();
    }
  };

  const content = (
    <div className="notification-panel">
      {items.length > 0 ? (
        <div className="notification-actions">
          <Button type="link" size="small" onClick={() => void markAllRead()}>
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
                  void markRead(n);
                  setOpen(false);
                  if (n.itemId) navigate(`/items/${n.itemId}`);
                }}
              >
                <strong>【{KIND_LABEL[n.kind] ?? n.kind}】</strong>
                {n.message}
                <br />
                <span className="muted">{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</span>
              </button>
              <Button type="link" size="small" onClick={() => void markRead(n)}>
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
        if (next) void load();
      }}
      placement="bottomRight"
    >
      <Button type="text" className="header-button" aria-label={`消息提醒，${items.length} 条未读`}>
        <Badge count={items.length} size="small" overflowCount={99}>
          <BellOutlined className="header-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
