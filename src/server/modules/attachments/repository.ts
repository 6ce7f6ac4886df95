/**
 * Attachment rows and their chunks. A file lives in `attachment_chunks` as bytea pieces of
 * CHUNK_BYTES, written one statement per chunk while it streams in and read one chunk per
 * statement while it streams out, so no file is ever held in memory whole (on PGlite or PostgreSQL).
 * A row is `uploading` until the upload is committed (`ready`), and `deleted` after a deletion (the
 * chunks go; the row keeps the name and hash).
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
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

/** The pg pool behind `db` when it is a PostgreSQL server (Drizzle keeps it as `$client`). */
function postgresPool(db: Database): pg.Pool | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

/** PostgreSQL's binary COPY signature, flags and header extension length (COPY docs, "Binary Format"). */
const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The end of a binary COPY: a field count of -1. */
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** The binary COPY header and one attachment_chunks row up to its data: the data's bytes follow. */
function copyRowPrefix(attachmentId: string, seq: number, length: number): Buffer {
  const prefix = Buffer.alloc(COPY_HEADER.length + 2 + 4 + 16 + 4 + 4 + 4);
  let at = COPY_HEADER.copy(prefix, 0);
  at = prefix.writeInt16BE(3, at);
  at = prefix.writeInt32BE(16, at);
  at += Buffer.from(attachmentId.replaceAll('-', ''), 'hex').copy(prefix, at);
  at = prefix.writeInt32BE(4, at);
  at = prefix.writeInt32BE(seq, at);
  prefix.writeInt32BE(length, at);
  return prefix;
}

/**
 * Stores one chunk given as the pieces the upload arrived in (`length` bytes in all).
 *
 * On PostgreSQL a binary `COPY … FROM STDIN` of the one row: pg-copy-streams hands the pieces to
 * the socket as they are. As a bind parameter, node-postgres would copy every chunk into a new
 * message buffer, garbage that V8 collects late (buffers live outside its heap), which doubled the
 * memory an upload left behind: +32 MB of RSS for 20 MB on PostgreSQL, against the bound of 30.
 * The connection is taken for this one chunk only, so a slow upload never holds one.
 *
 * On PGlite (no COPY from a stream) the pieces are copied into `scratch`, reused for every chunk.
 */
export async function writeChunk(
  db: Database,
  attachmentId: string,
  seq: number,
  pieces: readonly Buffer[],
  length: number,
  scratch: Buffer,
): Promise<void> {
  const pool = postgresPool(db);
  if (!pool) {
    let at = 0;
    for (const piece of pieces) at += piece.copy(scratch, at);
    await insertChunk(db, attachmentId, seq, scratch.subarray(0, at));
    return;
  }
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const copy = client.query(
      copyFrom('copy attachment_chunks (attachment_id, seq, data) from stdin (format binary)'),
    );
    const done = finished(copy);
    copy.write(copyRowPrefix(attachmentId, seq, length));
    for (const piece of pieces) {
      if (!copy.write(piece)) await once(copy, 'drain');
    }
    copy.end(COPY_TRAILER);
    await done;
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A connection whose COPY failed half-way is not given back to others.
    client.release(failure);
  }
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Binary COPY header (19 bytes), then the row's field count (2) and its one field's length (4). */
const COPY_ROW_DATA_AT = 19 + 2 + 4;

/**
 * One chunk read by a binary `COPY (select data …) TO STDOUT` on PostgreSQL: its bytes arrive as
 * they are. A select would bring them as hex text (twice the size), then a string, then a Buffer —
 * three times the garbage per chunk, which 20 concurrent downloads pile up. Answers the chunk as
 * pieces of what arrived, without the COPY framing.
 */
async function readChunkByCopy(pool: pg.Pool, id: string, seq: number): Promise<Buffer[]> {
  // COPY takes no parameters: both values are checked here to be what they must be.
  if (!UUID.test(id) || !Number.isInteger(seq)) throw new Error(`bad chunk reference ${id}/${seq}`);
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    const copy = client.query(
      copyTo(
        `copy (select data from attachment_chunks where attachment_id = '${id}' and seq = ${seq}) to stdout (format binary)`,
      ),
    );
    const parts: Buffer[] = [];
    for await (const part of copy) parts.push(part as Buffer);
    return copyRowData(parts, id, seq);
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    client.release(failure);
  }
}

/** The one field of the one row in a binary COPY output, as views of `parts`. */
function copyRowData(parts: readonly Buffer[], id: string, seq: number): Buffer[] {
  const head = Buffer.alloc(COPY_ROW_DATA_AT);
  let got = 0;
  for (const part of parts) {
    if (got === COPY_ROW_DATA_AT) break;
    got += part.copy(head, got, 0, Math.min(part.length, COPY_ROW_DATA_AT - got));
  }
  if (got < COPY_ROW_DATA_AT || head.readInt16BE(19) !== 1) {
    throw new Error(`attachment ${id} lacks chunk ${seq}`);
  }
  const end = COPY_ROW_DATA_AT + head.readInt32BE(21);
  const pieces: Buffer[] = [];
  let at = 0;
  for (const part of parts) {
    const from = Math.max(COPY_ROW_DATA_AT - at, 0);
    const to = Math.min(end - at, part.length);
    if (to > from) pieces.push(part.subarray(from, to));
    at += part.length;
  }
  return pieces;
}

/**
 * The file as a stream that reads one chunk per statement, when the consumer asks for more (a slow
 * client holds at most one chunk in memory, plus the socket's buffer). PostgreSQL reads each chunk
 * by COPY (above), PGlite by a select.
 */
export function chunkStream(db: Database, id: string, chunkCount: number): Readable {
  const pool = postgresPool(db);
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
      if (pool) {
        readChunkByCopy(pool, id, current).then(
          (pieces) => {
            for (const piece of pieces) this.push(piece);
          },
          (error: Error) => this.destroy(error),
        );
        return;
      }
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
