/** Rules of 附件 (spec §13): who attaches, who deletes and when a file becomes immutable, evidence. */
import { describe, expect, it } from 'vitest';
import { type AttachmentInfo, attachFile, checkCloseEvidence, detachFile, uploadChecks } from './attachments';
import { actor, errorOf, INPUTS, World } from './testing';

function file(patch: Partial<AttachmentInfo> = {}): AttachmentInfo {
  return {
    id: 'f1',
    itemId: 'id-1',
    taskId: null,
    name: '批示.pdf',
    size: 10,
    contentType: 'application/pdf',
    sha256: 'ab'.repeat(32),
    uploadedById: 'sup',
    ...patch,
  };
}

const codeOf = (e: Error | undefined) => (e as { code?: string } | undefined)?.code;

describe('§13 who may attach files', () => {
  it.each([
    ['the registrar', 'sup', undefined],
    ['a handler (the head)', 'H', undefined],
    ['an admin', 'adm', undefined],
    ['another supervisor', 'sup2', 'forbidden'],
    ['a colleague of the lead department with no part in it', 'S', 'forbidden'],
    ['an outsider', 'B', 'forbidden'],
  ])('§13 item-level: %s', (_name, who, code) => {
    const w = new World();
    w.register();
    expect(codeOf(uploadChecks(actor(who), w.state, undefined).refuse)).toBe(code);
  });

  it('§13 a task file: only its assignee, only while pending; an unknown task is a 400', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    expect(uploadChecks(actor('H'), w.state, task.id)).toEqual({ task });
    expect(codeOf(uploadChecks(actor('D'), w.state, task.id).refuse)).toBe('forbidden');
    expect(codeOf(uploadChecks(actor('H'), w.state, 'ghost').refuse)).toBe('validation');
    w.complete('H', 'handle', INPUTS.notDone);
    expect(codeOf(uploadChecks(actor('H'), w.state, task.id).conflict)).toBe('conflict');
  });

  it('§13 a closed item takes no files (409, answered after the type check)', () => {
    const w = new World();
    w.register();
    w.end();
    const checks = uploadChecks(actor('sup'), w.state, undefined);
    expect(checks.refuse).toBeUndefined();
    expect(codeOf(checks.conflict)).toBe('conflict');
    expect(errorOf(() => attachFile(w.state, actor('sup'), file(), w.clock.ctx())).code).toBe('conflict');
  });

  it('§13 an upload changes nothing of the item and audits the name, size, type and SHA-256', () => {
    const w = new World();
    w.register();
    const { state, audit } = attachFile(w.state, actor('sup'), file(), w.clock.ctx());
    expect(state.item).toBe(w.state.item);
    expect(audit).toEqual([
      {
        action: 'attachment.upload',
        itemId: w.state.item.id,
        detail: {
          attachmentId: 'f1',
          name: '批示.pdf',
          size: 10,
          contentType: 'application/pdf',
          sha256: 'ab'.repeat(32),
        },
      },
    ]);
  });
});

describe('§13 deleting files', () => {
  it.each([
    ['the uploader', 'sup', {}, null],
    ['an admin, an item-level file', 'adm', {}, null],
    ['someone else', 'sup2', {}, 'forbidden'],
    ['an admin, a task file', 'adm', { taskId: 'task', uploadedById: 'H' }, 'forbidden'],
  ])('§13 %s', (_name, who, patch, code) => {
    const w = new World();
    w.register();
    const task = w.only('H');
    const f = file({ ...patch, ...('taskId' in patch ? { taskId: task.id } : {}) });
    const run = () => detachFile(w.state, actor(who), f, w.clock.ctx());
    if (code === null)
      expect(run().audit[0]).toMatchObject({ action: 'attachment.delete', detail: { name: '批示.pdf' } });
    else expect(errorOf(run).code).toBe(code);
  });

  it('§13 a file of a completed task (a submitted handling or a filed report) is immutable → 409', () => {
    const w = new World();
    w.register();
    const task = w.only('H');
    w.complete('H', 'handle', INPUTS.notDone);
    const f = file({ taskId: task.id, uploadedById: 'H' });
    expect(errorOf(() => detachFile(w.state, actor('H'), f, w.clock.ctx())).code).toBe('conflict');
  });

  it('§13 nothing is deleted from a closed item → 409', () => {
    const w = new World();
    w.register();
    w.end();
    expect(errorOf(() => detachFile(w.state, actor('sup'), file(), w.clock.ctx())).code).toBe('conflict');
  });
});

describe('§13 REQUIRE_CLOSE_EVIDENCE', () => {
  it.each([
    [
      '申请办结 without a file, required',
      { decision: 'self', outcome: 'apply_close' },
      0,
      true,
      'validation',
    ],
    ['申请办结 with a file', { decision: 'self', outcome: 'apply_close' }, 1, true, null],
    ['申请办结 without a file, not required', { decision: 'self', outcome: 'apply_close' }, 0, false, null],
    ['未办结 without a file', { decision: 'self', outcome: 'not_done' }, 0, true, null],
    ['向下办理', { decision: 'delegate' }, 0, true, null],
  ] as const)('§13 %s', (_name, input, count, required, code) => {
    const run = () => checkCloseEvidence(input, count, required);
    if (code === null) expect(run).not.toThrow();
    else expect(errorOf(run)).toMatchObject({ code, fields: { attachments: expect.any(String) } });
  });
});
