/**
 * The action panel's rules are the contract's (src/contract/rules.ts, shared with the server's
 * domain tables); what is here maps the API's errors onto the form's fields.
 */
import type { ApiError } from '../../api/client';

export * from '../../../contract/rules';

/** Maps a server field name (`reason`, `body/reason`, `assistHandlerIds.0`) to one of the form's fields. */
export function toFormField<K extends string>(serverName: string, known: readonly K[]): K | undefined {
  const isKnown = (name: string): name is K => (known as readonly string[]).includes(name);
  if (isKnown(serverName)) return serverName;
  const parts = serverName.split(/[./[\]]+/).filter(Boolean);
  return parts.find(isKnown);
}

export interface MappedErrors<K extends string = string> {
  fields: { name: K; errors: string[] }[];
  /** Messages for fields the form does not show (shown as a general alert). */
  other: string[];
}

/** Spreads a validation error of the API over the form's fields (服务器返回的错误显示在对应字段上). */
export function mapServerErrors<K extends string>(
  error: ApiError,
  known: readonly K[],
  labels: Record<string, string> = {},
): MappedErrors<K> {
  const byField = new Map<K, string[]>();
  const other: string[] = [];
  for (const [serverName, message] of Object.entries(error.fields)) {
    const name = toFormField(serverName, known);
    if (name) {
      byField.set(name, [...(byField.get(name) ?? []), message]);
    } else {
      other.push(labels[serverName] ? `${labels[serverName]}：${message}` : `${serverName}：${message}`);
    }
  }
  if (byField.size === 0 && other.length === 0) other.push(error.message);
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
