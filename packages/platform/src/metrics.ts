/**
 * One prom-client registry per service with the metrics every service exposes on /metrics:
 * HTTP latency, outbox backlog, events published / consumed, consumer lag and dead letters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const createMetrics = (service: string) => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows committed but not yet published',
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'events_published_total',
      help: 'Events the outbox relay published',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events a consumer applied (first delivery) or skipped as duplicates',
      labelNames: ['consumer', 'topic', 'outcome'] as const,
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'consumer_lag',
      help: 'High watermark minus the last processed offset, per partition',
      labelNames: ['consumer', 'topic', 'partition'] as const,
      registers: [registry],
    }),
    dlqMessages: new Counter({
      name: 'dlq_messages_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['consumer', 'topic'] as const,
      registers: [registry],
    }),
  };
};

export type Metrics = ReturnType<typeof createMetrics>;
