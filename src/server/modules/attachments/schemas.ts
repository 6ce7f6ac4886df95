import { Type } from 'typebox';

const Str = Type.String();
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

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
