import { Alert, App, Button, Input, Modal, Segmented } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../auth/AuthContext';
import { ItemListView } from './ItemListView';

type Scope = 'department' | 'registered' | 'all';

interface BatchResult {
  results: { itemId: string; status: 'urged' | 'too_soon' | 'closed' | 'not_found'; notified?: number }[];
}

/**
 * 督办查询: the items of my department. Those who see every item choose 本部门 / 我登记的 (督办员:
 * what they registered, wherever it now is, §12) / 全部, and may 批量催办 the ticked rows (§11).
 */
export default function ItemQueryPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const seesAll = me.roles.some((r) => r === 'leader' || r === 'admin' || r === 'supervisor');
  const scope = (seesAll ? params.get('scope') : null) as Scope | null;
  const current: Scope = scope ?? 'department';
  const [urging, setUrging] = useState<{ ids: string[]; clear: () => void }>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);

  const urge = async () => {
    if (!urging) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<BatchResult>('/api/items/urge', {
        itemIds: urging.ids,
        ...(text.trim() ? { message: text.trim() } : {}),
      });
      const count = (s: string) => r.results.filter((x) => x.status === s).length;
      message.success(
        `已催办 ${count('urged')} 项；${count('too_soon')} 项刚催办过未再催办；${count('closed')} 项已办结或终止`,
      );
      urging.clear();
      setUrging(undefined);
      setReloadKey((k) => k + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader
        title="督办查询"
        extra={
          seesAll ? (
            <Segmented<Scope>
              value={current}
              onChange={(v) => {
                const next = new URLSearchParams(params);
                if (v === 'department') next.delete('scope');
                else next.set('scope', v);
                next.delete('page');
                setParams(next);
              }}
              options={[
                { value: 'department', label: '本部门' },
                ...(me.roles.includes('supervisor')
                  ? [{ value: 'registered' as const, label: '我登记的' }]
                  : []),
                { value: 'all', label: '全部' },
              ]}
            />
          ) : null
        }
      />
      <ItemListView
        scope={current}
        reloadKey={reloadKey}
        selectable={seesAll}
        toolbar={
          seesAll
            ? (selected, clear) => (
                <Button
                  disabled={selected.length === 0}
                  onClick={() => {
                    setText('');
                    setError(undefined);
                    setUrging({ ids: selected, clear });
                  }}
                >
                  批量催办{selected.length > 0 ? `（${selected.length}）` : ''}
                </Button>
              )
            : undefined
        }
      />
      <Modal
        open={urging !== undefined}
        title="批量催办"
        okText="催办"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void urge()}
        onCancel={() => setUrging(undefined)}
        destroyOnHidden
      >
        <p>将催办选中的 {urging?.ids.length ?? 0} 个事项；每个事项两次催办之间须间隔一段时间。</p>
        <Input.TextArea
          aria-label="催办内容"
          placeholder="催办内容（可不填）"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 3 }}
        />
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      </Modal>
    </div>
  );
}
