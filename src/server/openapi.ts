/**
 * What the published OpenAPI document adds to the routes' own schemas, so that a client generated
 * from it (openapi-typescript, openapi-generator) is usable: a stable `operationId` per operation,
 * `security: []` on the routes that need no session, and the error answers with the contract's
 * error shape. The routes stay as they are — this only shapes the document (the answers
 * themselves are written by errors.ts), so it cannot change what a client receives.
 */
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';

/**
 * `GET /api/items/:id/history` → `getItemsByIdHistory`, `GET /api/items/export.xlsx` →
 * `getItemsExportXlsx`. Derived from the method and the path alone, so it changes only when the
 * path does (which the contract forbids) and is unique because (method, path) is.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'api')
    .flatMap((segment) => {
      const param = /^[:{](\w+)}?$/.exec(segment);
      return param ? ['by', param[1] as string] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

/** Per-route step (the `transform` option of @fastify/swagger). */
export const describeRoute: SwaggerTransform = ({ schema, url, route }) => {
  const method = Array.isArray(route.method) ? (route.method[0] as string) : route.method;
  const extra: Record<string, unknown> = { operationId: operationIdOf(method, url) };
  if ((route.config as { public?: boolean } | undefined)?.public) extra.security = [];
  return { schema: { ...(schema ?? {}), ...extra }, url };
};

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: '机器可读的错误码，如 validation、conflict、rate_limited' },
        message: { type: 'string', description: '给用户看的中文说明' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: '输入有误的字段及其说明（400）',
        },
        detail: {
          type: 'object',
          additionalProperties: true,
          description:
            '机器可读的上下文：taskId（flow_pending）、retryAfter（429，ISO 时间）、pendingTasks（pending_work）',
        },
      },
    },
  },
} as const;

/** The error answers every operation can give, by status; each refers to `#/components/schemas/Error`. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': '输入有误（validation），fields 指出每个有误的字段',
  '401': '未登录或会话已过期（unauthenticated）',
  '403': '无权执行此操作（forbidden），或须先修改初始密码（password_change_required）',
  '404': '对象不存在或不可见（not_found）',
  '409': '状态已变化，操作冲突（conflict、flow_pending、pending_work）',
  '413': '请求体或文件太大（too_large）',
  '415': '文件类型不支持（unsupported_type）',
  '429': '操作太频繁（rate_limited），detail.retryAfter 之后再试',
  '503': '数据库暂时无法连接或服务正在关闭（unavailable）',
};

type Operation = {
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, unknown>;
};

/** Which error answers one operation documents, from what it takes and whether it needs a session. */
function errorStatuses(method: string, path: string, operation: Operation): string[] {
  const signedIn = !(Array.isArray(operation.security) && operation.security.length === 0);
  const writes = method !== 'get';
  const statuses = ['400'];
  if (signedIn) statuses.push('401', '403');
  if (path.includes('{')) statuses.push('404');
  if (writes) statuses.push('409', '413');
  if (operation.requestBody?.content?.['multipart/form-data']) statuses.push('415');
  // Sign-in is limited per address and account; 催办 has its minimum interval.
  if (path === '/api/auth/login' || path.endsWith('/urge') || signedIn) statuses.push('429');
  statuses.push('503');
  return statuses;
}

/** Whole-document step (the `transformObject` option): the shared error shape and answers. */
export const documentErrors: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const doc = documentObject.openapiObject as {
    components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
    paths?: Record<string, Record<string, Operation>>;
  };
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Error: ERROR_SCHEMA };
  doc.components.responses = {
    ...doc.components.responses,
    ...Object.fromEntries(
      Object.entries(ERROR_RESPONSES).map(([status, description]) => [
        `Error${status}`,
        { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      ]),
    ),
  };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      operation.responses ??= {};
      for (const status of errorStatuses(method, path, operation)) {
        operation.responses[status] ??= { $ref: `#/components/responses/Error${status}` };
      }
    }
  }
  return documentObject.openapiObject;
};
