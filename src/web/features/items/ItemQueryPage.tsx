import { Button, Select } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../auth/AuthContext';
import { ItemListView } from './ItemListView';

type Scope = 'department' | 'registered' | 'all';

const BatchUrgeDialog = lazy(() => import('./BatchUrgeDialog'));

/**
 * 督办查询: the items of my department. Those who see every item choose 本部门 / 我登记的 (督办员:
 * what they registered, wherever it now is, §12) / 全部, and may 批量催办 the ticked rows (§11).
 */
export default function ItemQueryPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const seesAll = me.roles.some((r) => r === 'leader' || r === 'admin' || r === 'supervisor');
  const scope = (seesAll ? params.get('scope') : null) as Scope | null;
  const current: Scope = scope ?? 'department';
  const [urging, setUrging] = useState<{ ids: string[]; clear: () => void }>();

  return (
    <div>
      <PageHeader
        title="督办查询"
        extra={
          seesAll ? (
            // A Select rather than a Segmented: the filter form has loaded its code already (issue 12's ceiling).
            <Select<Scope>
              aria-label="查询范围"
              style={{ minWidth: 112 }}
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
        selectable={seesAll}
        toolbar={
          seesAll
            ? (selected, clear) => (
                <Button disabled={selected.length === 0} onClick={() => setUrging({ ids: selected, clear })}>
                  批量催办{selected.length > 0 ? `（${selected.length}）` : ''}
                </Button>
              )
            : undefined
        }
      />
      {urging ? (
        <Suspense fallback={null}>
          <BatchUrgeDialog
            itemIds={urging.ids}
            onCancel={() => setUrging(undefined)}
            onDone={() => {
              urging.clear();
              setUrging(undefined);
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
