/**
 * The bus's pure parts: which faults are transient (retry forever) and which deterministic (dead
 * letter), what the codec accepts on receipt, what the outbox sends to the database, when a new
 * topic counts as ready, and how loud kafkajs's own log lines are.
 */
import { Type } from '@sinclair/typebox';
import { defineEvent } from '@nenkin/contracts/envelope';
import { registryOf } from '@nenkin/contracts/events';
import { logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { decodeMessage, validateData } from '../src/bus/codec';
import { PoisonMessageError, TransientError, isTransient } from '../src/bus/errors';
import { kafkaLogLevel } from '../src/bus/kafka';
import { createOutbox } from '../src/bus/outbox';
import { ensureTopics, fetchTopicEnds } from '../src/bus/topics';
import { systemClock } from '../src/clock';
import { MAX_EVENT_BYTES } from '../src/definitions';

describe('isTransient', () => {
  test.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['server shutting down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients'), { code: '53300' })],
    ['serialization failure (40001)', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['deadlock (40P01)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['pool checkout timeout', new Error('timeout exceeded when trying to connect')],
    ['kafkajs retriable', Object.assign(new Error('broker gone'), { name: 'KafkaJSConnectionError', retriable: true })],
    ['explicit TransientError', new TransientError('provider busy')],
    ['wrapped cause', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ETIMEDOUT' }) })],
  ])('%s → transient', (_name, err) => {
    expect(isTransient(err)).toBe(true);
  });

  test.each([
    ['unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['invalid input syntax (22P02)', Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['poison', new PoisonMessageError('RULE', 'broken rule')],
    ['kafkajs non-retriable', Object.assign(new Error('message too large'), { name: 'KafkaJSProtocolError', retriable: false })],
    ['not an error', 'just a string'],
  ])('%s → deterministic', (_name, err) => {
    expect(isTransient(err)).toBe(false);
  });
});

describe('decodeMessage', () => {
  const Def = defineEvent('thing.happened', 1, 'things', Type.Object({ n: Type.Integer() }, { additionalProperties: false }));
  const registry = registryOf([Def]);
  const envelope = (over: Record<string, unknown> = {}) => ({
    id: '01890a5d-ac96-774b-bcce-b302099a8057',
    type: 'thing.happened',
    version: 1,
    source: 'test',
    subject: 'k',
    occurredAt: '2026-07-01T00:00:00.000Z',
    correlationId: 'c',
    data: { n: 1 },
    ...over,
  });
  const msg = (value: string | null): KafkaMessage => ({
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
    attributes: 0,
    offset: '0',
    headers: {},
  });
  const kindOf = (value: string | null) => decodeMessage(msg(value), registry).kind;
  const codeOf = (value: string | null) => {
    const d = decodeMessage(msg(value), registry);
    return d.kind === 'poison' ? d.error.code : d.kind;
  };

  test('a valid event decodes', () => expect(kindOf(JSON.stringify(envelope()))).toBe('event'));
  test('an unknown type or version is skipped, not dead-lettered', () => {
    expect(kindOf(JSON.stringify(envelope({ type: 'other.happened' })))).toBe('ignored');
    expect(kindOf(JSON.stringify(envelope({ version: 2 })))).toBe('ignored');
  });
  test.each([
    ['null value', null, 'EVENT_NOT_JSON'],
    ['not JSON', '{oops', 'EVENT_NOT_JSON'],
    ['a JSON array', '[]', 'EVENT_ENVELOPE_INVALID'],
    ['id not a UUID v7', JSON.stringify(envelope({ id: 'abc' })), 'EVENT_ENVELOPE_INVALID'],
    ['type not past-tense dotted', JSON.stringify(envelope({ type: 'Thing' })), 'EVENT_ENVELOPE_INVALID'],
    ['extra envelope property', JSON.stringify({ ...envelope(), extra: 1 }), 'EVENT_ENVELOPE_INVALID'],
    ['data of the wrong type', JSON.stringify(envelope({ data: { n: '1' } })), 'EVENT_DATA_INVALID'],
    ['data with an unknown property', JSON.stringify(envelope({ data: { n: 1, x: 2 } })), 'EVENT_DATA_INVALID'],
  ])('%s → dead letter %s', (_name, value, code) => {
    expect(codeOf(value)).toBe(code);
  });

  test('producers validate too', () => {
    expect(() => validateData(Def, { n: 1.5 })).toThrow(PoisonMessageError);
    expect(() => validateData(Def, { n: 2 })).not.toThrow();
  });
});

describe('outbox.emitMany (what reaches the database)', () => {
  const Padded = defineEvent('test.padded', 1, 'test.topic', Type.Object({ pad: Type.String() }));
  const capture = () => {
    const sent: unknown[][] = [];
    const tx = { query: async (config: { values: unknown[] }) => (sent.push(config.values), { rows: [], rowCount: 0 }) };
    return { sent, tx: tx as never };
  };
  const outbox = createOutbox({ source: 'test', clock: systemClock, topicName: (t) => `p.${t}` });
  const input = (pad: string, subject = 'k') => ({ subject, data: { pad }, correlationId: 'c' });

  it('sends the whole batch as one JSON document, in order, with topic, envelope and headers per event', async () => {
    const { sent, tx } = capture();
    const envelopes = await outbox.emitMany(tx, Padded, [input('ｹｲﾄ 一', 'a'), input('二', 'b')]);
    const doc = JSON.parse(sent[0]?.[0] as string) as { topic: string; envelope: { id: string; subject: string; data: unknown }; headers: Record<string, string> }[];
    expect(doc.map((r) => [r.topic, r.envelope.subject, r.envelope.data])).toEqual([
      ['p.test.topic', 'a', { pad: 'ｹｲﾄ 一' }],
      ['p.test.topic', 'b', { pad: '二' }],
    ]);
    expect(doc.map((r) => r.envelope.id)).toEqual(envelopes.map((e) => e.id));
    expect(doc[0]?.headers['event-type']).toBe('test.padded');
  });

  it('a batch over the event size limit passes when every event is under it', async () => {
    const { sent, tx } = capture();
    const each = 'x'.repeat(Math.floor(MAX_EVENT_BYTES / 3));
    await outbox.emitMany(tx, Padded, [input(each), input(each), input(each), input(each)]);
    expect((sent[0]?.[0] as string).length).toBeGreaterThan(MAX_EVENT_BYTES);
  });

  it('refuses an event over the limit (EVENT_TOO_LARGE) and one holding NUL (EVENT_HAS_NUL), sending nothing', async () => {
    const { sent, tx } = capture();
    await expect(outbox.emitMany(tx, Padded, [input('small'), input('x'.repeat(MAX_EVENT_BYTES))])).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE' });
    await expect(outbox.emitMany(tx, Padded, [input('small'), input('a\u0000b')])).rejects.toMatchObject({ code: 'EVENT_HAS_NUL' });
    // the limit is in UTF-8 bytes: a third of it in characters of three bytes each is over it
    await expect(outbox.emitMany(tx, Padded, [input('一'.repeat(Math.ceil(MAX_EVENT_BYTES / 3) + 10))])).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE' });
    expect(sent).toHaveLength(0);
  });
});

describe('topic readiness (the window where a new topic is named in metadata but its leader does not answer yet)', () => {
  const protocolError = (type: string) => Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type });

  /** An admin whose new topic's leader answers offsets only after `notLeaderFor` refusals. */
  const adminInWindow = (notLeaderFor: number, refusal = 'NOT_LEADER_FOR_PARTITION') => {
    const calls = { offsets: 0, created: [] as string[] };
    const admin = {
      listTopics: async () => [],
      createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
        calls.created.push(...topics.map((t) => t.topic));
        return true;
      },
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
      }),
      fetchTopicOffsets: async () => {
        calls.offsets++;
        if (calls.offsets <= notLeaderFor) throw protocolError(refusal);
        return [{ partition: 0, offset: '7', high: '7', low: '2' }];
      },
    };
    return { admin: admin as unknown as Admin, calls };
  };

  test('ensureTopics returns only once the new topic answers for its offsets', async () => {
    const { admin, calls } = adminInWindow(3);
    await ensureTopics(admin, [{ name: 'x', partitions: 1 }]);
    expect(calls.created).toEqual(['x']);
    expect(calls.offsets).toBe(4);
  });

  test.each(['NOT_LEADER_FOR_PARTITION', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE'])(
    'fetchTopicEnds waits through %s',
    async (refusal) => {
      const { admin } = adminInWindow(2, refusal);
      expect(await fetchTopicEnds(admin, 'x')).toEqual([{ partition: 0, low: 2, high: 7 }]);
    },
  );

  test('fetchTopicEnds does not wait through other faults', async () => {
    const { admin, calls } = adminInWindow(5, 'TOPIC_AUTHORIZATION_FAILED');
    await expect(fetchTopicEnds(admin, 'x')).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(calls.offsets).toBe(1);
  });
});

describe('kafkajs log levels', () => {
  test.each([
    [logLevel.ERROR, 'This server is not the leader for that topic-partition', 'warn'],
    [logLevel.ERROR, 'There is no leader for this topic-partition as we are in the middle of a leadership election', 'warn'],
    [logLevel.ERROR, 'The request included a message larger than the max message size the server will accept', 'error'],
    [logLevel.ERROR, undefined, 'error'],
    [logLevel.WARN, undefined, 'warn'],
    [logLevel.INFO, undefined, 'info'],
    [logLevel.DEBUG, undefined, 'debug'],
  ])('level %s with %s → %s', (level, error, expected) => {
    expect(kafkaLogLevel(level, error)).toBe(expected);
  });
});
