/** Contract-level invariants: topic naming, dead-letter twins, derived notice ids. */
import fc from 'fast-check';
import { noticeIdOf } from '../src/notices';
import { allTopicSpecs, dlqTopicOf, Topics } from '../src/topics';
import { check } from '../src/validate';
import { Uuid } from '../src/primitives';

describe('topics', () => {
  test('names are <owner>.<stream>, every topic has a dead-letter twin', () => {
    const names = allTopicSpecs().map((t) => t.name);
    for (const t of Object.values(Topics)) {
      expect(t.name).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(names).toContain(dlqTopicOf(t.name));
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('noticeIdOf', () => {
  test('same dedupe key, same notice id; a valid UUID', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (key) => {
        const id = noticeIdOf(key);
        expect(id).toBe(noticeIdOf(key));
        expect(check(Uuid, id).ok).toBe(true);
      }),
    );
  });
  test('different keys, different ids', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(noticeIdOf(a)).not.toBe(noticeIdOf(b));
      }),
    );
  });
});
