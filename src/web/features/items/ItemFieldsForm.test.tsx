// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Form, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWithApp } from '../../testing/dom';
import { ItemFieldsForm } from './ItemFieldsForm';
import { ITEM_FIELDS } from './itemForm';

/** The registration's fields in a form of the test's; `onForm` gets the form instance. */
function Host({
  initial,
  onForm,
}: {
  initial: Record<string, unknown>;
  onForm: (form: FormInstance) => void;
}) {
  const [form] = Form.useForm();
  onForm(form);
  return (
    <Form form={form} initialValues={initial}>
      <ItemFieldsForm form={form} fields={ITEM_FIELDS} sources={['领导批示', '会议决定']} />
    </Form>
  );
}

function renderFields(initial: Record<string, unknown> = {}): FormInstance {
  let form: FormInstance | undefined;
  renderWithApp(
    <Host
      initial={initial}
      onForm={(f) => {
        form = f;
      }}
    />,
  );
  if (!form) throw new Error('no form');
  return form;
}

describe('ItemFieldsForm: native inputs until a field is used', () => {
  // The controls' modules, transformed once here: their first import in a cold worker took more
  // than the waits below on a loaded machine (the swap is what the tests are about, not that).
  beforeAll(async () => {
    await Promise.all([
      import('antd/es/select'),
      import('antd/es/auto-complete'),
      import('antd/es/date-picker'),
    ]);
  }, 120_000);

  it('draws each deferred field as a labelled native input showing its value, no antd control yet', () => {
    renderFields({
      leadDepartmentId: 'd-fin',
      assistDepartmentIds: ['d-hr'],
      assignedAt: dayjs('2026-03-02'),
    });
    const lead = screen.getByLabelText('承办（主办）单位');
    expect(lead.tagName).toBe('INPUT');
    expect((lead as HTMLInputElement).value).toBe('财务部');
    expect((screen.getByLabelText('协办单位') as HTMLInputElement).value).toBe('人力资源部');
    expect((screen.getByLabelText('交办时间') as HTMLInputElement).value).toBe('2026-03-02');
    expect((screen.getByLabelText('办结时间') as HTMLInputElement).value).toBe('');
    expect(document.querySelector('.ant-select, .ant-picker')).toBeNull();
  });

  it('swaps in antd Select on focus, keeps the label on it, and its choice reaches the form', async () => {
    const form = renderFields({ assistDepartmentIds: ['d-fin'] });
    fireEvent.focus(screen.getByLabelText('承办（主办）单位'));
    await waitFor(() => expect(document.querySelector('.ant-select')).not.toBeNull());
    // The native input is gone; the label now names the Select's own input.
    const input = screen.getByLabelText('承办（主办）单位');
    expect(input.closest('.ant-select')).not.toBeNull();
    expect(document.activeElement).toBe(input);
    fireEvent.mouseDown(input);
    const option = await waitFor(() => {
      const found = [...document.querySelectorAll('.ant-select-item-option')].find(
        (o) => o.textContent === '财务部',
      );
      if (!found) throw new Error('no 财务部 option');
      return found;
    });
    fireEvent.click(option);
    expect(form.getFieldValue('leadDepartmentId')).toBe('d-fin');
    // The lead department cannot assist itself (the field's own onChange, through Form.Item).
    expect(form.getFieldValue('assistDepartmentIds')).toEqual([]);
  });

  it('督办来源 takes typing before its AutoComplete has loaded', async () => {
    const form = renderFields();
    const source = screen.getByLabelText('督办来源') as HTMLInputElement;
    fireEvent.focus(source);
    fireEvent.change(source, { target: { value: '上级交办' } });
    expect(form.getFieldValue('source')).toBe('上级交办');
    await waitFor(() => expect(screen.getByLabelText('督办来源').closest('.ant-select')).not.toBeNull());
    expect((screen.getByLabelText('督办来源') as HTMLInputElement).value).toBe('上级交办');
  });

  it('a date field becomes antd DatePicker on focus with the same value', async () => {
    renderFields({ assignedAt: dayjs('2026-03-02') });
    fireEvent.focus(screen.getByLabelText('交办时间'));
    await waitFor(() => expect(screen.getByLabelText('交办时间').closest('.ant-picker')).not.toBeNull());
    expect((screen.getByLabelText('交办时间') as HTMLInputElement).value).toBe('2026-03-02');
  });
});
