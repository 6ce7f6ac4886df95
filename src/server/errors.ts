/**
 * One error handler: AppError codes and schema-validation failures become the contract's JSON
 * shape; anything else is logged in full and answered with a generic 500.
 */
import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { AppError, type ErrorCode } from '../domain/errors';

export const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  pending_work: 409,
  rate_limited: 429,
  password_change_required: 403,
  too_large: 413,
  unsupported_type: 415,
  unavailable: 503,
  flow_pending: 409,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; detail?: Record<string, unknown> };
}

const MESSAGES: Record<string, string> = {
  required: '必填',
  type: '类型不正确',
  format: '格式不正确',
  minLength: '不能为空或太短',
  maxLength: '太长',
  enum: '取值不在允许范围内',
  minimum: '太小',
  maximum: '太大',
  minItems: '至少选择一项',
  pattern: '格式不正确',
  additionalProperties: '不允许的字段',
  uniqueItems: '不能重复',
};

/** Field name of one validation error: `/promisedAt` → promisedAt, missing `reason` → reason. */
function fieldOf(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath.replace(/^\//, '').split('/');
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return [...path.filter(Boolean), params.missingProperty].join('.');
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return [...path.filter(Boolean), params.additionalProperty].join('.');
  }
  // An array element names the array: assistHandlerIds/0 → assistHandlerIds.
  const named = path.filter((p) => p !== '' && !/^\d+$/.test(p));
  return named.join('.') || '(body)';
}

/** Turns Ajv errors (collected with allErrors) into `{field: message}`, every field once. */
export function validationFields(errors: FastifySchemaValidationError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    // anyOf/oneOf wrappers repeat what their branches said.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const field = fieldOf(error);
    fields[field] ??= MESSAGES[error.keyword] ?? error.message ?? '无效';
  }
  return fields;
}

export function toAppError(error: FastifyError): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return new AppError('validation', '输入有误', validationFields(error.validation));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('validation', '请求体不是有效的 JSON', { '(body)': '不是有效的 JSON' });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('validation', '不支持的请求类型', { '(body)': '不支持的 Content-Type' });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
    return new AppError('too_large', '请求体太大', { '(body)': '太大' });
  }
  if (error.statusCode === 401) return new AppError('unauthenticated', '未登录或会话已过期');
  if (error.statusCode === 403) return new AppError('forbidden', '无权操作');
  if (error.statusCode === 404) return new AppError('not_found', '不存在');
  if (error.statusCode === 415) return new AppError('unsupported_type', '不支持的请求编码或类型');
  if (error.statusCode === 429) return new AppError('rate_limited', '请求过于频繁，请稍后再试');
  // Any other client error a plugin raises (a bad header, a malformed request) is the client's:
  // a 400, never a 500.
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('validation', '请求无效', { '(request)': error.message });
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known && known.code !== 'internal') {
      const body: ErrorBody = { error: { code: known.code, message: known.message } };
      if (known.fields) body.error.fields = known.fields;
      if (known.detail) body.error.detail = known.detail;
      if (known.code === 'validation') request.log.info({ fields: known.fields }, 'validation failed');
      return reply.status(STATUS[known.code]).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误，请稍后再试' } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: { code: 'not_found', message: `没有此接口：${request.method} ${request.url}` } });
  });
}
