import { Button } from 'antd';
import { Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import { canSeeAll } from '../../../domain/roles';
import { PageHeader } from '../../components/PageHeader';
import { lazy } from '../../lib/lazy';
import '../../components/plain.css';
import { useMe } from '../auth/AuthContext';
import { ItemListView } from './ItemListView';

type Scope = 'department' | 'registered' | 'all';

const BatchUrgeDialog = lazy(() => import('./BatchUrgeDialog'), 'ItemQueryPage.BatchUrgeDialog');

/**
 * 督办查询: the items of my department. Those who see every item choose 本部门 / 我登记的 (督办员:
 * what they registered, wherever it now is, §12) / 全部, and may 批量催办 the ticked rows (§11).
 */
export default function ItemQueryPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const seesAll = canSeeAll(me);
  const scope = (seesAll ? params.get('scope') : null) as Scope | null;
  const current: Scope = scope ?? 'department';
  const [urging, setUrging] = useState<{ ids: string[]; clear: () => void }>();

  return (
    <div>
      <PageHeader
        title="督办查询"
        extra={
          seesAll ? (
            // A native select (plain.css), not antd's Select or Segmented: nothing else on this first
            // screen needs their code (issue 12).
            <select
              aria-label="查询范围"
              className="native-field scope-select"
              value={current}
              onChange={(event) => {
                const next = new URLSearchParams(params);
                if (event.target.value === 'department') next.delete('scope');
                else next.set('scope', event.target.value);
                next.delete('page');
                setParams(next);
              }}
            >
              <option value="department">本部门</option>
              {me.roles.includes('supervisor') ? <option value="registered">我登记的</option> : null}
              <option value="all">全部</option>
            </select>
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
