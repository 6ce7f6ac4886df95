// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { TaskInput } from '../../api/types';
import { renderWithApp } from '../../testing/dom';
import { HandlingForm } from './HandlingForm';
import type { RuleContext } from './rules';

/** The Form.Item around the field with this label. */
function item(label: string): HTMLElement {
  const labelEl = screen.getAllByText(label).find((el) => el.closest('.ant-form-item-label'));
  const container = labelEl?.closest('.ant-form-item');
  if (!(container instanceof HTMLElement)) throw new Error(`no form item labelled ${label}`);
  return container;
}
const isYellow = (label: string) => item(label).classList.contains('field-required');

function renderForm(ctx: RuleContext, onSubmit = vi.fn(async (_body: TaskInput) => {}), prefill?: TaskInput) {
  renderWithApp(
    <HandlingForm
      ctx={ctx}
      leadDepartmentId="d-fin"
      excludeDelegates={['u-head']}
      prefill={prefill}
      onSubmit={onSubmit}
    />,
  );
  return onSubmit;
}

const headCtx: RuleContext = {
  kind: 'handle',
  allowed: { decisions: ['self', 'delegate'], outcomes: ['apply_close', 'not_done', 'assist'] },
};

// The first render of antd's form, radios, date picker and person picker generates their styles
// (CSS-in-JS): about 25 s on a loaded machine. Done once here, under the hook's longer timeout, so
// that each test measures its own steps.
beforeAll(() => {
  const onSubmit = renderForm(headCtx);
  expect(onSubmit).not.toHaveBeenCalled();
  cleanup();
});

describe('HandlingForm: yellow exactly when required', () => {
  it('自办 turns 承诺办结时间 and 事务办理 yellow; each outcome its own fields', async () => {
    renderForm(headCtx);
    expect(isYellow('办理方式')).toBe(true);
    expect(isYellow('承诺办结时间')).toBe(false);
    expect(isYellow('事务办理')).toBe(false);
    fireEvent.click(screen.getByLabelText('自办'));
    await waitFor(() => expect(isYellow('承诺办结时间')).toBe(true));
    expect(isYellow('事务办理')).toBe(true);
    expect(isYellow('选择向下办理人员')).toBe(false);
    expect(isYellow('落实情况')).toBe(false);

    fireEvent.click(screen.getByLabelText('申请办结'));
    await waitFor(() => expect(isYellow('落实情况')).toBe(true));
    expect(isYellow('未办结原因')).toBe(false);

    fireEvent.click(screen.getByLabelText('未办结'));
    await waitFor(() => expect(isYellow('未办结原因')).toBe(true));
    expect(isYellow('解决措施')).toBe(true);
    expect(isYellow('落实情况')).toBe(false);

    fireEvent.click(screen.getByLabelText('其他单位协办'));
    await waitFor(() => expect(isYellow('协办单位办理人')).toBe(true));
    expect(isYellow('未办结原因')).toBe(false);
  });

  it('向下办理 turns 选择向下办理人员 yellow and greys out the 自办 fields', async () => {
    renderForm(headCtx);
    fireEvent.click(screen.getByLabelText('向下办理'));
    await waitFor(() => expect(isYellow('选择向下办理人员')).toBe(true));
    expect(isYellow('承诺办结时间')).toBe(false);
    expect(item('承诺办结时间').querySelector('input')?.disabled).toBe(true);
  });

  it('a staff task has no 办理方式 and asks for the result straight away', () => {
    renderForm({ kind: 'handle', allowed: { decisions: ['self'] } });
    expect(screen.queryByText('办理方式')).toBeNull();
    expect(screen.queryByText('选择向下办理人员')).toBeNull();
    expect(isYellow('承诺办结时间')).toBe(true);
    expect(isYellow('事务办理')).toBe(true);
  });

  it('协办反馈 offers only 申请办结 and 未办结', () => {
    renderForm({ kind: 'assist_report', allowed: { outcomes: ['apply_close', 'not_done'] } });
    expect(screen.getByLabelText('申请办结')).toBeTruthy();
    expect(screen.queryByLabelText('其他单位协办')).toBeNull();
    expect(screen.queryByText('协办单位办理人')).toBeNull();
  });
});

describe('HandlingForm: refusal and errors', () => {
  it('refuses to send 自办 without its required fields and names them', async () => {
    const onSubmit = renderForm(headCtx);
    fireEvent.click(screen.getByLabelText('自办'));
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('请选择承诺办结时间')).toBeTruthy();
    expect(screen.getByText('请选择事务办理')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends only the chosen outcome’s fields', async () => {
    const onSubmit = renderForm(headCtx, undefined, {
      decision: 'self',
      promisedAt: '2026-12-31',
      outcome: 'not_done',
      reason: '资金未到位',
      measures: '协调追加预算',
      implementation: '旧的落实情况',
    });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0]).toEqual({
      decision: 'self',
      promisedAt: '2026-12-31',
      outcome: 'not_done',
      reason: '资金未到位',
      measures: '协调追加预算',
    });
  });

  it('shows the server’s field errors on the named fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, 'validation', '输入有误', {
        reason: '未办结原因不能少于 2 个字',
        measures: '请填写解决措施',
      });
    });
    renderForm(headCtx, onSubmit, {
      decision: 'self',
      promisedAt: '2026-12-31',
      outcome: 'not_done',
      reason: '无',
      measures: '有',
    });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(item('未办结原因').textContent).toContain('未办结原因不能少于 2 个字'));
    expect(item('解决措施').textContent).toContain('请填写解决措施');
    expect(screen.getByRole('alert').textContent).toContain('提交未成功');
  });

  it('a conflict without fields is shown as a general error', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(409, 'conflict', '该待办已处理');
    });
    renderForm({ kind: 'acknowledge' }, onSubmit);
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect(await screen.findByText('该待办已处理')).toBeTruthy();
  });
});

describe('HandlingForm: approvals and reviews', () => {
  it('退回 needs an opinion; 同意 does not', async () => {
    const onSubmit = renderForm({ kind: 'approve', allowed: { actions: ['approve', 'return'] } });
    expect(isYellow('意见')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /退\s*回/ }));
    expect(await screen.findByText('请填写意见')).toBeTruthy();
    expect(isYellow('意见')).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /同\s*意/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ action: 'approve' }));
  });

  it('the review offers the actions the server allows', () => {
    renderForm({ kind: 'review', allowed: { actions: ['acknowledge'] } });
    expect(screen.getByRole('button', { name: /确\s*认/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '同意办结' })).toBeNull();
  });
});
