import type { OrgChangeAnswer } from '../../api/types';

/** 新建/更新/不变 counts of an organisation import or a directory sync, in one line. */
export const figures = (f: OrgChangeAnswer['departments']) =>
  `新建 ${f.created}，更新 ${f.updated}，不变 ${f.unchanged}`;
