import { Type } from 'typebox';
import { forbidden } from '../../../domain/errors';
import { hasRole } from '../../../domain/permissions';
import { actorOf } from '../../plugins/auth';
import type { AppInstance } from '../../types';
import type { CalendarService } from './service';

const Day = Type.Object({
  date: Type.String(),
  workday: Type.Boolean(),
  note: Type.Optional(Type.String()),
  source: Type.Union([Type.Literal('official'), Type.Literal('organisation')]),
});
const DateParams = Type.Object({ date: Type.String() });
const sysadminOnly = (request: Parameters<typeof actorOf>[0]) => {
  if (!hasRole(actorOf(request), 'sysadmin')) throw forbidden('只有系统管理员可以维护工作日历');
};

export function calendarRoutes(app: AppInstance, calendar: CalendarService, helpContact: string | undefined) {
  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: '工作日历：某年的法定节假日、调休上班日和本单位的设置（official=false：节假日数据缺该年）',
        querystring: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2999 }) }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            official: Type.Boolean(),
            days: Type.Array(Day),
            missingYears: Type.Array(Type.Integer()),
            mode: Type.Union([Type.Literal('working'), Type.Literal('natural')]),
          }),
        },
      },
    },
    async (request) => ({
      ...(await calendar.year(request.query.year)),
      missingYears: await calendar.missingYears(),
      mode: (await calendar.calendar()).mode,
    }),
  );

  app.put(
    '/api/calendar/:date',
    {
      config: { access: sysadminOnly },
      schema: {
        tags: ['calendar'],
        summary: '设置某日为工作日或休息日（系统管理员）',
        params: DateParams,
        body: Type.Object({ workday: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Day },
      },
    },
    (request) =>
      calendar.setDay(actorOf(request), request.params.date, request.body.workday, request.body.note),
  );

  app.delete(
    '/api/calendar/:date',
    {
      config: { access: sysadminOnly },
      schema: { tags: ['calendar'], summary: '取消本单位对某日的设置（系统管理员）', params: DateParams },
    },
    async (request, reply) => {
      await calendar.clearDay(actorOf(request), request.params.date);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/settings/public',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '登录页需要的设置：咨询热线（HELP_CONTACT，未设置为 null）',
        response: { 200: Type.Object({ helpContact: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async () => ({ helpContact: helpContact ?? null }),
  );
}
