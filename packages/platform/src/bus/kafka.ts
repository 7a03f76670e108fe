/**
 * The kafkajs client, configured once: its logs go through pino, and its retries are bounded so that
 * our own loops (relay, consumer) decide what to do when the broker is away.
 */
import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../logger';

const pinoLogCreator =
  (logger: Logger): logCreator =>
  () =>
  ({ level, log }) => {
    const { message, ...extra } = log;
    const fields = { kafka: extra };
    if (level === logLevel.ERROR) logger.error(fields, message);
    else if (level === logLevel.WARN) logger.warn(fields, message);
    else if (level === logLevel.INFO) logger.info(fields, message);
    else logger.debug(fields, message);
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
