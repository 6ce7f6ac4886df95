/** 督办列表 (admin): every item; 修改 opens a drawer to edit handlers, result and basic fields (图22). */
import { Button } from 'antd';
import { useState } from 'react';
import type { ItemSummary } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ItemTransferModal } from '../people/PendingTasks';
import { EditDrawer } from './EditDrawer';
import { ItemListView } from './ItemListView';

export default function AdminItemsPage() {
  const [editing, setEditing] = useState<string>();
  const [transferring, setTransferring] = useState<string>();
  return (
    <div>
      <PageHeader title="督办列表" />
      <ItemListView
        scope="all"
        extraColumns={[
          {
            title: '操作',
            key: 'edit',
            width: 120,
            fixed: 'right',
            render: (row: ItemSummary) => (
              <>
                <Button type="link" size="small" onClick={() => setEditing(row.id)}>
                  修改
                </Button>
                {row.status === 'open' ? (
                  <Button type="link" size="small" onClick={() => setTransferring(row.id)}>
                    转交
                  </Button>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {transferring ? (
        <ItemTransferModal itemId={transferring} onClose={() => setTransferring(undefined)} />
      ) : null}
      <EditDrawer
        itemId={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => setEditing(undefined)}
      />
    </div>
  );
}
