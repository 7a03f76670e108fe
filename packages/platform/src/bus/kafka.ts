/**
 * The kafkajs client, configured once: its logs go through pino, and its retries are bounded so that
 * our own loops (relay, consumer) decide what to do when the broker is away.
 */
import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../logger';

/**
 * A partition whose leader is moving (or, right after a topic's creation, taking the role) answers
 * with these, and every caller retries them: kafkajs's own error line for them is a warning here.
 */
const LEADER_MOVING = /not the leader for that topic-partition|no leader for this topic-partition/;

/** The pino level of a kafkajs log line. */
export const kafkaLogLevel = (level: logLevel, error: unknown): 'error' | 'warn' | 'info' | 'debug' => {
  if (level === logLevel.ERROR) return typeof error === 'string' && LEADER_MOVING.test(error) ? 'warn' : 'error';
  if (level === logLevel.WARN) return 'warn';
  return level === logLevel.INFO ? 'info' : 'debug';
};

const pinoLogCreator =
  (logger: Logger): logCreator =>
  () =>
  ({ level, log }) => {
    const { message, ...extra } = log;
    logger[kafkaLogLevel(level, extra.error)]({ kafka: extra }, message);
  };

export type KafkaClientOptions = { brokers: string[]; clientId: string; logger: Logger };

export const createKafkaClient = ({ brokers, clientId, logger }: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger.child({ component: 'kafkajs' })),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 5 },
  });
