/**
 * One way for a form to send a command: validate, send, invalidate what the command changes, and
 * put the API's field errors (`400 {fields}`) on the antd form's fields.
 */
import { type QueryKey, useMutation } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { mapServerErrors } from '../features/handling/rules';

export interface FormSubmitOptions<V, R> {
  /** The queries the command makes stale (api/keys.ts). */
  invalidates?: readonly QueryKey[];
  /** The form's field names the server's field errors may land on; by default the form's registered fields. */
  fields?: readonly string[];
  /** Names for server fields the form does not show, in the general message (`督办事项：…`). */
  labels?: Record<string, string>;
  /**
   * `alert`: the general error is returned as `error` for the page to show beside the form;
   * `message` (default): a toast.
   */
  errorDisplay?: 'alert' | 'message';
  /**
   * Handles an error itself before the field mapping (a 409 with its own words); returns true when
   * it did.
   */
  onError?: (error: unknown) => boolean;
  onSuccess?: (result: R, values: V) => void | Promise<void>;
}

export interface FormSubmit<V> {
  /** Validates the form (messages on the fields when not valid), then sends its values. */
  submit: () => Promise<void>;
  /** Sends these values as they are (a form that validates by its own rules). */
  send: (values: V) => Promise<void>;
  submitting: boolean;
  /** The general error with `errorDisplay: 'alert'`. */
  error: string | undefined;
  setError: (error: string | undefined) => void;
}

// biome-ignore lint/suspicious/noExplicitAny: antd's FormInstance is generic over any value shape
export function useFormSubmit<V extends Record<string, any>, R = unknown>(
  form: FormInstance<V>,
  mutationFn: (values: V) => Promise<R>,
  options: FormSubmitOptions<V, R> = {},
): FormSubmit<V> {
  const { message } = App.useApp();
  const [error, setError] = useState<string>();
  const mutation = useMutation({ mutationFn, meta: { invalidates: options.invalidates } });

  const show = (text: string) => (options.errorDisplay === 'alert' ? setError(text) : message.error(text));

  const report = (e: unknown) => {
    if (options.onError?.(e)) return;
    if (e instanceof ApiError && Object.keys(e.fields).length > 0) {
      const known = options.fields ?? Object.keys(form.getFieldsValue());
      const mapped = mapServerErrors(e, known, options.labels);
      form.setFields(mapped.fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      if (mapped.other.length) show(mapped.other.join('；'));
      return;
    }
    show(errorMessage(e));
  };

  const send = async (values: V) => {
    setError(undefined);
    let result: R;
    try {
      result = await mutation.mutateAsync(values);
    } catch (e) {
      report(e);
      return;
    }
    await options.onSuccess?.(result, values);
  };

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages on the fields
    }
    await send(values);
  };

  return { submit, send, submitting: mutation.isPending, error, setError };
}
