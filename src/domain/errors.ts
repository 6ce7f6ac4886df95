/** Error codes of the API contract; the server maps each to one HTTP status. */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** 409 (§10): disabling a user, or removing a handler, who still has pending work; `fields` names it. */
  | 'pending_work'
  | 'rate_limited'
  /** 403: signed in with a one-time password that must be changed first. */
  | 'password_change_required'
  /** 413: a body or file over its limit. */
  | 'too_large'
  /** 415: a file whose content is not an allowed type. */
  | 'unsupported_type'
  /** 503: a service Duban depends on (the office's directory, the identity provider) cannot be reached. */
  | 'unavailable'
  /** 409: a flow of that kind is already pending (an extension; the system's 协办反馈), `detail.taskId`. */
  | 'flow_pending'
  | 'internal';

/**
 * The one error type the domain and services throw. `fields` names every offending input field
 * with a user-facing (Chinese) message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  /** Machine-readable context (v1.1): `taskId` of flow_pending, `retryAfter` of an urge too soon… */
  readonly detail: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    fields?: Record<string, string>,
    detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.detail = detail;
  }
}

export const validation = (fields: Record<string, string>, message = '输入有误') =>
  new AppError('validation', message, fields);
export const forbidden = (message = '无权执行此操作') => new AppError('forbidden', message);
export const notFound = (message = '不存在或无权查看') => new AppError('not_found', message);
export const conflict = (message: string) => new AppError('conflict', message);
