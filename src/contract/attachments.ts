/** Schemas of attachments (附件, spec §13). */
import { type Static, Type } from 'typebox';
import { Nullable, Str } from './common';

/** A stored file as the API answers it (附件). */
export const AttachmentSchema = Type.Object({
  id: Str,
  itemId: Str,
  /** The task it belongs to (a handling result, an approval, a report's submission), or null. */
  taskId: Nullable(Str),
  name: Str,
  size: Type.Integer(),
  contentType: Str,
  sha256: Str,
  uploadedById: Str,
  uploadedByName: Nullable(Str),
  uploadedAt: Nullable(Str),
});

export type AttachmentAnswer = Static<typeof AttachmentSchema>;
