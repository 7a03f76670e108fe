/**
 * Notices: the command every domain service writes to `channel.notice-request` when the law (or a
 * push rule) says someone must be told, and the events notice-delivery publishes on `notice.event`.
 *
 * `noticeId` is derived from `dedupeKey` (see `noticeIdOf`), so a replayed decision requests the same
 * notice again, never a second one.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './envelope';
import { ArrivalNumber, OfficeCode, OpaqueId, Uuid } from './primitives';
import { Topics } from './topics';

export const Recipient = Type.Union([
  Type.Object({ kind: Type.Literal('employer'), officeCode: OfficeCode }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('person'), personId: OpaqueId }, { additionalProperties: false }),
]);
export type Recipient = Static<typeof Recipient>;

const RelatedFiling = Type.Object({ filingId: Uuid, arrivalNumber: ArrivalNumber }, { additionalProperties: false });

export const NoticeRequestedData = Type.Object(
  {
    noticeId: Uuid,
    /** Stable business key, e.g. `remuneration-decided:<personId>:2026-09`. */
    dedupeKey: Type.String({ minLength: 1, maxLength: 300 }),
    /** e.g. `standard-remuneration-decision` (標準報酬決定通知書). */
    noticeType: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 }),
    recipient: Recipient,
    /** The notice's content, per noticeType (rendered by notice-delivery). No マイナンバー. */
    data: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown()),
    relatedFiling: Type.Optional(RelatedFiling),
  },
  { additionalProperties: false },
);
export type NoticeRequestedData = Static<typeof NoticeRequestedData>;

const NoticeRef = {
  noticeId: Uuid,
  noticeType: Type.String({ maxLength: 64 }),
  recipient: Recipient,
  relatedFiling: Type.Optional(RelatedFiling),
};

export const NoticeDeliveredData = Type.Object(
  {
    ...NoticeRef,
    channel: Type.String({ maxLength: 32 }),
    /** Where the recipient fetches the document (公文書), and until when. */
    documentUrl: Type.Optional(Type.String({ maxLength: 500 })),
    availableUntil: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

export const NoticeCommands = {
  REQUESTED: defineEvent('notice.requested', 1, Topics.CHANNEL_NOTICE_REQUEST.name, NoticeRequestedData),
} as const;

export const NoticeEvents = {
  DELIVERED: defineEvent('notice.delivered', 1, Topics.NOTICE_EVENT.name, NoticeDeliveredData),
} as const;

/** A UUID (v8 layout, name-based) derived from the dedupe key: the same key, the same notice id. */
export const noticeIdOf = (dedupeKey: string): string => {
  const h = createHash('sha256').update(`notice:${dedupeKey}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
