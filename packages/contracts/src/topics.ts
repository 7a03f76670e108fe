/**
 * Every Kafka topic the platform uses, declared here and created by the infrastructure bootstrap
 * (auto-create is off on the broker). Topic names are `<owner>.<stream>`; an event topic is written
 * only by its owner; `channel.notice-request` is the one command topic, written by many. Each topic
 * has a dead-letter twin `<topic>.dlq`.
 */
export type TopicSpec = {
  readonly name: string;
  readonly partitions: number;
  /** The service that owns the stream (and, for command topics, reads it). */
  readonly owner: 'filing-intake' | 'records' | 'payments' | 'channel-routing' | 'notice-delivery';
  readonly kind: 'event' | 'command';
  readonly retentionMs?: number;
};

/** Partitions bound consumer parallelism per group; 12 lets a service scale to 12 consumers. */
const PARTITIONS = 12;

export const Topics = {
  INTAKE_FILING: { name: 'intake.filing', partitions: PARTITIONS, owner: 'filing-intake', kind: 'event' },
  INTAKE_BATCH: { name: 'intake.batch', partitions: PARTITIONS, owner: 'filing-intake', kind: 'event' },
  RECORDS_PERSON: { name: 'records.person', partitions: PARTITIONS, owner: 'records', kind: 'event' },
  PAYMENTS_ACCOUNT: { name: 'payments.account', partitions: PARTITIONS, owner: 'payments', kind: 'event' },
  CHANNEL_ROUTE: { name: 'channel.route', partitions: PARTITIONS, owner: 'channel-routing', kind: 'event' },
  CHANNEL_NOTICE_REQUEST: {
    name: 'channel.notice-request',
    partitions: PARTITIONS,
    owner: 'channel-routing',
    kind: 'command',
  },
  NOTICE_EVENT: { name: 'notice.event', partitions: PARTITIONS, owner: 'notice-delivery', kind: 'event' },
} as const satisfies Record<string, TopicSpec>;

export const DLQ_SUFFIX = '.dlq';
/** Dead letters are few; a handful of partitions keeps replay simple. */
export const DLQ_PARTITIONS = 3;

export const dlqTopicOf = (topic: string): string => `${topic}${DLQ_SUFFIX}`;

/** All topics to create, with their dead-letter twins. */
export const allTopicSpecs = (): TopicSpec[] =>
  Object.values(Topics).flatMap((t) => [t, { ...t, name: dlqTopicOf(t.name), partitions: DLQ_PARTITIONS }]);
