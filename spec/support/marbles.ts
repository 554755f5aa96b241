import { TestScheduler } from 'rxjs/testing';

/**
 * A TestScheduler whose assertion is Jest's `toEqual`. Error objects are compared by class and
 * message, which is what the specs care about (RxJS's own suite does the same, ECOSYSTEM.md §2).
 */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(normalise(actual)).toEqual(normalise(expected));
  });
}

function normalise(value: unknown): unknown {
  if (value instanceof Error) return { errorClass: value.constructor.name, message: value.message };
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  }
  return value;
}
