/** Schemas of the ledger (督办台账): the Excel export with the list's filters, and the import. */
import { type Static, Type } from 'typebox';
import { Nullable, Str } from './common';
import { ItemFilterQuery, ScopeParam, SortParam } from './item-list';

export const ExportQuery = Type.Object({ scope: ScopeParam, ...ItemFilterQuery, sort: SortParam });
export type ExportQueryType = Static<typeof ExportQuery>;

export const ImportAnswer = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  failed: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      /** The row's number in the worksheet (the header is row 1). */
      row: Type.Integer(),
      status: Type.Union([Type.Literal('created'), Type.Literal('failed')]),
      title: Nullable(Str),
      itemId: Type.Optional(Str),
      number: Type.Optional(Str),
      fields: Type.Optional(Type.Record(Str, Str)),
      message: Type.Optional(Str),
    }),
  ),
});

export type ImportAnswerType = Static<typeof ImportAnswer>;
