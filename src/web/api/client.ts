/**
 * Typed fetch client for the Duban JSON API (../shared/docs/api-contract.md).
 * Same-origin session cookie; every state-changing request carries `X-Requested-With: duban`.
 */

import { dropPrefetched, noteAppAsking, takePrefetched } from './prefetched';

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; detail?: Record<string, unknown> };
}

/** An error answered by the API, with the contract's `code` and per-field messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** Machine-readable context (v1.1): `retryAfter` of an urge too soon, `taskId` of flow_pending… */
  readonly detail: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    fields?: Record<string, string>,
    detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields ?? {};
    this.detail = detail ?? {};
  }
}

export type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue>;

/** Builds `?a=1&b=2`, leaving out empty values; '' when nothing is left. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error;
}

export const FALLBACK_MESSAGES: Record<number, string> = {
  401: '未登录或登录已过期',
  403: '无权执行此操作',
  404: '不存在或无权查看',
  409: '操作冲突，请刷新后重试',
  429: '尝试次数过多，请稍后再试',
};

/** Listeners told when any request answers 401 (the session ended). */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** The JSON of a response, or the API's error thrown as ApiError. */
async function answer<T>(response: Response, path: string): Promise<T> {
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) {
      dropPrefetched();
      for (const listener of unauthenticatedListeners) listener();
    }
    if (isErrorBody(data)) {
      throw new ApiError(
        response.status,
        data.error.code,
        data.error.message,
        data.error.fields,
        data.error.detail,
      );
    }
    throw new ApiError(
      response.status,
      response.status >= 500 ? 'internal' : 'unknown',
      FALLBACK_MESSAGES[response.status] ?? `服务器错误（${response.status}）`,
    );
  }
  return data as T;
}

/**
 * How a request goes out: the browser's fetch; while the server renders a first screen
 * (src/web/ssr/render.tsx), the server's own handling of the request with the user's cookie.
 */
let transport: typeof fetch = (input, init) => fetch(input, init);
export function setTransport(send: typeof fetch): void {
  transport = send;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Requested-With'] = 'duban';
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = `${path}${toQueryString(options.query)}`;
  noteAppAsking();
  if (method === 'GET') {
    // Asked for already by the HTML's first-requests script (./prefetched.ts): a 200 is used as it
    // is; anything else, and the request is made again here.
    const early = await takePrefetched(url)?.catch(() => undefined);
    if (early?.ok) return answer<T>(early, path);
  } else {
    // A command may change what the prefetched answers say, or whose they are (sign-in, sign-out).
    dropPrefetched();
  }
  let response: Response;
  try {
    response = await transport(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  return answer<T>(response, path);
}

/** POST multipart/form-data with one file in the field `file` (imports). */
export async function upload<T>(path: string, file: Blob, fileName: string, query?: Query): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName);
  noteAppAsking();
  dropPrefetched();
  let response: Response;
  try {
    response = await fetch(`${path}${toQueryString(query)}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'X-Requested-With': 'duban' },
      body: form,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }
  return answer<T>(response, path);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** 催办 refused within the interval: when it is possible again, in words (§11). */
export function urgeRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'rate_limited') return undefined;
  const at = error.detail.retryAfter;
  if (typeof at !== 'string') return error.message;
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${error.message}（${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())} 后可再次催办）`;
}

/** The message of a failed read, or undefined when it did not fail (a query's `error` is null then). */
export function errorText(error: unknown): string | undefined {
  return error === null || error === undefined ? undefined : errorMessage(error);
}

/** A user-facing message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return '操作失败';
}
