/**
 * `npm run dlq:replay -- --topic records.person.dlq [--consumer-group records.filing-applied] [--dry-run]`
 * Re-publishes dead letters to their origin topic after a fix. Consumers' inboxes make replaying
 * something already applied harmless. KAFKA_BROKERS defaults to the local broker.
 */
import { parseArgs } from 'node:util';
import { createKafkaClient, replayDeadLetters } from '@nenkin/platform/bus';
import { createLogger } from '@nenkin/platform/logger';
import { NATIVE_BROKER } from '@nenkin/testing/kafka-native';

const { values } = parseArgs({
  options: {
    topic: { type: 'string' },
    'consumer-group': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const main = async () => {
  if (!values.topic?.endsWith('.dlq')) {
    console.error('usage: npm run dlq:replay -- --topic <topic>.dlq [--consumer-group G] [--dry-run]');
    process.exit(2);
  }
  const logger = createLogger({ name: 'dlq-replay', level: 'info' });
  const kafka = createKafkaClient({
    brokers: (process.env.KAFKA_BROKERS ?? NATIVE_BROKER).split(','),
    clientId: 'dlq-replay',
    logger,
  });
  const result = await replayDeadLetters({
    kafka,
    dlqTopic: values.topic,
    logger,
    consumerGroup: values['consumer-group'],
    dryRun: values['dry-run'],
  });
  console.log(`${values['dry-run'] ? 'would replay' : 'replayed'} ${result.replayed}, skipped ${result.skipped}`);
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
