/**
 * 附件: upload (streamed into the database chunk by chunk, SHA-256 computed on the way, type judged
 * by content), list, download (streamed out chunk by chunk) and delete, for items, pending tasks
 * and reports (spec §13).
 *
 * An upload writes its chunks outside the item's transaction (a 20 MB upload over a slow line must
 * not hold the item's lock, nor PGlite's single connection, for its whole duration) into a row
 * marked `uploading`; it becomes visible only when a short command under the item's lock re-checks
 * the rules and marks it `ready` with its audit event. Whatever fails on the way removes the chunks
 * again, so a refused upload stores nothing.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type AttachmentInfo, attachFile, detachFile, uploadChecks } from '../../../domain/attachments';
import { AppError, validation } from '../../../domain/errors';
import { newId } from '../../../platform/ids';
import type { AppContext } from '../../context';
import { isUuid } from '../../guards';
import type { SessionUser } from '../../session';
import type { CommandRunner } from '../items/commands';
import { type Names, nameOrSystem } from '../org/names';
import {
  type AttachmentRow,
  CHUNK_BYTES,
  chunkStream,
  discardUpload,
  findReady,
  insertUploading,
  listOfItem,
  markDeleted,
  markReady,
  purgeStaleUploads,
  writeChunk,
} from './repository';
import { ContentSniffer } from './sniff';

/**
 * Pieces shorter than this are copied before they are kept: the multipart parser (dicer) hands over
 * the bytes it held back while matching the boundary as a view of a buffer it reuses, and those are
 * never longer than the boundary line (at most 76 bytes). Body pieces are fresh buffers of Node's.
 */
const SMALL_PIECE = 4096;

export const ATTACHMENT_NOT_FOUND = '附件不存在或无权查看';

/** An incoming file: its name as the client gave it and its bytes as a stream. */
export interface IncomingFile {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

/** The stored name: no path, no control characters, at most 200 characters, never empty. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || '附件').slice(-200);
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentAttachment(row: AttachmentRow, names?: Names) {
  return {
    ...infoOf(row),
    uploadedByName: names ? nameOrSystem(row.uploadedById, names) : null,
    uploadedAt: iso(row.uploadedAt),
  };
}

function infoOf(row: AttachmentRow): AttachmentInfo {
  return {
    id: row.id,
    itemId: row.itemId,
    taskId: row.taskId,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    uploadedById: row.uploadedById,
  };
}

function tooLarge(maxMb: number): AppError {
  return new AppError('too_large', `文件太大（上限 ${maxMb} MB）`, { file: `文件不能超过 ${maxMb} MB` });
}

export function createAttachmentsService(ctx: AppContext, runner: CommandRunner) {
  const { db, config } = ctx;
  const maxMb = config.attachmentMaxMb;
  const maxBytes = maxMb * 1024 * 1024;

  /**
   * Streams the file into chunks; answers its size, chunk count, SHA-256 and judged type. A chunk
   * is gathered as the pieces the multipart parser hands over (not copied: small pieces only, which
   * may be views of the parser's reused look-behind buffer) and written when full, the write
   * awaited before more is read, so an upload holds at most one chunk.
   */
  async function store(id: string, file: IncomingFile, onJudged: () => void) {
    const sniffer = new ContentSniffer(file.filename);
    const hash = createHash('sha256');
    const pieces: Buffer[] = [];
    let scratch: Buffer | undefined;
    let filled = 0;
    let size = 0;
    let seq = 0;
    let judged = false;
    const flush = async () => {
      if (filled === 0) return;
      scratch ??= Buffer.allocUnsafe(CHUNK_BYTES);
      await writeChunk(db, id, seq, pieces, filled, scratch);
      seq += 1;
      filled = 0;
      pieces.length = 0;
    };
    try {
      for await (const piece of file.stream as AsyncIterable<Buffer>) {
        size += piece.length;
        if (size > maxBytes) throw tooLarge(maxMb);
        hash.update(piece);
        await sniffer.push(piece);
        if (sniffer.refused) break;
        if (!judged && size >= 64 * 1024) {
          judged = true;
          onJudged();
        }
        let offset = 0;
        while (offset < piece.length) {
          const take = Math.min(CHUNK_BYTES - filled, piece.length - offset);
          const part = piece.subarray(offset, offset + take);
          pieces.push(part.length < SMALL_PIECE ? Buffer.from(part) : part);
          filled += take;
          offset += take;
          if (filled === CHUNK_BYTES) await flush();
        }
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxMb);
      throw error;
    }
    if (file.stream.truncated) throw tooLarge(maxMb);
    if (size === 0) throw validation({ file: '文件为空，请选择有内容的文件' });
    const verdict = await sniffer.verdict();
    if (!verdict.ok) {
      throw new AppError('unsupported_type', `不支持的附件类型：${verdict.reason}`, {
        file: '只能上传 Word、Excel、PowerPoint、PDF、OFD、图片（JPEG/PNG/GIF/WebP）、纯文本或 zip 文件',
      });
    }
    if (!judged) onJudged();
    await flush();
    return { size, chunkCount: seq, sha256: hash.digest('hex'), contentType: verdict.contentType };
  }

  return {
    /**
     * POST /api/items/:id/attachments. 404 unseen item; 403/400 (a task of someone else, an
     * unknown task) before the file is read; 400 empty; 413 over ATTACHMENT_MAX_MB; 415 a type not
     * allowed; 409 closed item or a task no longer pending. Nothing is stored unless it succeeds.
     */
    async upload(actor: SessionUser, itemId: string, taskId: string | undefined, file: IncomingFile) {
      const { state } = await runner.load(actor, itemId);
      if (taskId !== undefined && !isUuid(taskId)) throw validation({ taskId: '该待办不属于本督办事项' });
      const checks = uploadChecks(actor, state, taskId);
      if (checks.refuse) throw checks.refuse;
      const id = newId();
      await insertUploading(db, {
        id,
        itemId,
        taskId: taskId ?? null,
        name: cleanFileName(file.filename),
        uploadedById: actor.id,
        uploadedAt: ctx.clock(),
      });
      try {
        // 415 is answered before 409 (contract), so a conflict waits until the type is judged.
        const stored = await store(id, file, () => {
          if (checks.conflict) throw checks.conflict;
        });
        const row: AttachmentRow = {
          id,
          itemId,
          taskId: taskId ?? null,
          name: cleanFileName(file.filename),
          uploadedById: actor.id,
          uploadedAt: ctx.clock(),
          state: 'ready',
          deletedAt: null,
          deletedById: null,
          ...stored,
        };
        await runner.run(
          actor,
          { itemId },
          [],
          (current, context) => attachFile(current, actor, infoOf(row), context),
          {
            after: (tx) => markReady(tx, id, stored),
          },
        );
        return presentAttachment(row);
      } catch (error) {
        file.stream.resume();
        await discardUpload(db, id).catch((e: unknown) => ctx.log.error(e, 'discarding a failed upload'));
        throw error;
      }
    },

    /** The item's files (for its page), with the uploaders' names. */
    async list(itemId: string, names: Names) {
      return (await listOfItem(db, itemId)).map((row) => presentAttachment(row, names));
    },

    /** GET /api/attachments/:id: the file's metadata and a stream of its bytes; 404 unless the caller sees its item. */
    async download(actor: SessionUser, id: string) {
      const row = isUuid(id) ? await findReady(db, id) : undefined;
      if (!row) throw new AppError('not_found', ATTACHMENT_NOT_FOUND);
      try {
        await runner.load(actor, row.itemId);
      } catch {
        throw new AppError('not_found', ATTACHMENT_NOT_FOUND);
      }
      return { attachment: row, stream: () => chunkStream(db, row.id, row.chunkCount) };
    },

    /** DELETE /api/attachments/:id: 404 unseen, 403 not the uploader (nor an admin on an item file), 409 immutable. */
    async remove(actor: SessionUser, id: string) {
      const row = isUuid(id) ? await findReady(db, id) : undefined;
      if (!row) throw new AppError('not_found', ATTACHMENT_NOT_FOUND);
      await runner.run(
        actor,
        { itemId: row.itemId },
        [],
        (state, context) => detachFile(state, actor, infoOf(row), context),
        {
          after: (tx, _transition, now) => markDeleted(tx, row.id, actor.id, now),
        },
      );
    },

    /** Removes uploads that never completed (scheduled with the other clean-ups). */
    purgeStale: () => purgeStaleUploads(db, new Date(ctx.clock().getTime() - 60 * 60 * 1000)),
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
