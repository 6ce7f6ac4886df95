/**
 * Attachment rows and their chunks. A file lives in `attachment_chunks` as bytea pieces of
 * CHUNK_BYTES, written one statement per chunk while it streams in and read one chunk per
 * statement while it streams out, so no file is ever held in memory whole (on PGlite or PostgreSQL).
 * A row is `uploading` until the upload is committed (`ready`), and `deleted` after a deletion (the
 * chunks go; the row keeps the name and hash).
 */
import { Readable } from 'node:stream';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../../db/client';
import { attachmentChunks, attachments } from '../../../db/schema';

/** Size of one stored piece: big enough for few statements, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertUploading(
  db: Database,
  row: Pick<AttachmentRow, 'id' | 'itemId' | 'taskId' | 'name' | 'uploadedById' | 'uploadedAt'>,
): Promise<void> {
  await db.insert(attachments).values({
    ...row,
    size: 0,
    chunkCount: 0,
    contentType: '',
    sha256: '',
    state: 'uploading',
  });
}

export async function insertChunk(db: Database, attachmentId: string, seq: number, data: Buffer) {
  await db.execute(
    sql`insert into attachment_chunks (attachment_id, seq, data) values (${attachmentId}, ${seq}, ${data})`,
  );
}

export async function markReady(
  db: Database,
  id: string,
  fields: Pick<AttachmentRow, 'size' | 'chunkCount' | 'contentType' | 'sha256'>,
) {
  await db
    .update(attachments)
    .set({ ...fields, state: 'ready' })
    .where(eq(attachments.id, id));
}

/** Removes an upload that did not complete: its chunks and its row. */
export async function discardUpload(db: Database, id: string) {
  await db.delete(attachmentChunks).where(eq(attachmentChunks.attachmentId, id));
  await db.delete(attachments).where(and(eq(attachments.id, id), eq(attachments.state, 'uploading')));
}

/** Marks a file deleted and frees its chunks; the row keeps its name and hash for the history. */
export async function markDeleted(db: Database, id: string, by: string, at: Date) {
  await db.delete(attachmentChunks).where(eq(attachmentChunks.attachmentId, id));
  await db
    .update(attachments)
    .set({ state: 'deleted', deletedById: by, deletedAt: at })
    .where(eq(attachments.id, id));
}

export async function findReady(db: Database, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.state, 'ready')));
  return row;
}

/** Every ready file of an item, oldest first. */
export function listOfItem(db: Database, itemId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.itemId, itemId), eq(attachments.state, 'ready')))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

/** How many ready files are bound to the task (申请办结's evidence). */
export async function countOfTask(db: Database, taskId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from attachments where task_id = ${taskId} and state = 'ready'`,
  );
  return row?.n ?? 0;
}

/** The caller's ready item-level files among `ids` (what a report may name in `attachmentIds`). */
export function unboundOf(db: Database, itemId: string, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as AttachmentRow[]);
  return db
    .select()
    .from(attachments)
    .where(
      and(
        inArray(attachments.id, [...ids]),
        eq(attachments.itemId, itemId),
        eq(attachments.uploadedById, userId),
        eq(attachments.state, 'ready'),
        sql`${attachments.taskId} is null`,
      ),
    );
}

export async function bindToTask(db: Database, ids: readonly string[], taskId: string) {
  if (ids.length === 0) return;
  await db
    .update(attachments)
    .set({ taskId })
    .where(inArray(attachments.id, [...ids]));
}

/** Uploads left `uploading` by a crash or a dropped connection, older than `before`, are removed. */
export async function purgeStaleUploads(db: Database, before: Date): Promise<number> {
  const stale = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.state, 'uploading'), lt(attachments.uploadedAt, before)));
  for (const { id } of stale) await discardUpload(db, id);
  return stale.length;
}

/**
 * The file as a stream that reads one chunk per statement, when the consumer asks for more (a slow
 * client holds at most one chunk in memory, plus the socket's buffer).
 */
export function chunkStream(db: Database, id: string, chunkCount: number): Readable {
  let seq = 0;
  return new Readable({
    highWaterMark: 1,
    objectMode: false,
    read() {
      if (seq >= chunkCount) {
        this.push(null);
        return;
      }
      const current = seq;
      seq += 1;
      queryRows<{ data: Uint8Array }>(
        db,
        sql`select data from attachment_chunks where attachment_id = ${id} and seq = ${current}`,
      ).then(
        ([row]) => {
          if (!row) this.destroy(new Error(`attachment ${id} lacks chunk ${current}`));
          else this.push(Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength));
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}
