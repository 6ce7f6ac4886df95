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
  | 'internal';

/**
 * The one error type the domain and services throw. `fields` names every offending input field
 * with a user-facing (Chinese) message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export const validation = (fields: Record<string, string>, message = '输入有误') =>
  new AppError('validation', message, fields);
export const forbidden = (message = '无权执行此操作') => new AppError('forbidden', message);
export const notFound = (message = '不存在或无权查看') => new AppError('not_found', message);
export const conflict = (message: string) => new AppError('conflict', message);
