import { OrgChangeAnswer } from '../../../contract/org';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { DirectoryService } from './service';

export function directoryRoutes(app: AppInstance, directory: DirectoryService) {
  app.post(
    '/api/org/sync',
    {
      schema: {
        tags: ['org'],
        summary:
          '立即同步单位目录（LDAP/AD）的部门和人员（系统管理员）；有误的条目跳过并列出，其余照常同步；未配置目录答复 404，目录无法连接答复 503',
        response: { 200: OrgChangeAnswer },
      },
    },
    (request) => directory.syncNow(actorOf(request)),
  );
}
