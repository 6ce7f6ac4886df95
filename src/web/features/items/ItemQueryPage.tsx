import { PageHeader } from '../../components/PageHeader';
import { ItemListView } from './ItemListView';

/** 督办查询: the items of my department. */
export default function ItemQueryPage() {
  return (
    <div>
      <PageHeader title="督办查询" />
      <ItemListView scope="department" />
    </div>
  );
}
