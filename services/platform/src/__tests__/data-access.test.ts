import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { groupInKeyOrder, inKeyOrder, returning } from '../db/rows';
import { pagesLoader } from '../pagination/loader';
import type { PageRequest } from '../pagination/keyset';
import { defineEvent, type EventEnvelope } from '../eventlog/envelope';
import { defineConsumer, isEvent, on } from '../eventlog/handlers';

const manager = {} as EntityManager;

test('inKeyOrder answers every key in order: null where no row has it, the same row again where asked twice', () => {
  const rows = [{ id: 'b', n: 2 }, { id: 'a', n: 1 }];
  expect(inKeyOrder(['a', 'missing', 'b', 'a'], rows, (row) => row.id)).toEqual([{ id: 'a', n: 1 }, null, { id: 'b', n: 2 }, { id: 'a', n: 1 }]);
  expect(inKeyOrder([], rows, (row) => row.id)).toEqual([]);
});

test('groupInKeyOrder lists each key its rows without the owner, empty for a key with none, again for a duplicate key', () => {
  const rows = [{ owner: 'x', v: 1 }, { owner: 'y', v: 2 }, { owner: 'x', v: 3 }];
  expect(groupInKeyOrder(['y', 'missing', 'x', 'y'], rows)).toEqual([[{ v: 2 }], [], [{ v: 1 }, { v: 3 }], [{ v: 2 }]]);
});

test('returning gives the rows whether TypeORM answers rows or [rows, rowCount]', async () => {
  const rows = [{ id: 'a' }];
  const answering = (result: unknown) => ({ query: async () => result }) as unknown as Pick<EntityManager, 'query'>;
  expect(await returning(answering([rows, 1]), 'UPDATE …', [])).toEqual(rows);
  expect(await returning(answering(rows), 'INSERT …', [])).toEqual(rows);
  expect(await returning(answering([[], 0]), 'DELETE …', [])).toEqual([]);
});

const page = (limit: number): PageRequest => ({ limit, backward: false, cursor: null });

test('pagesLoader fetches once per distinct page and variant, answering each key its own page', async () => {
  const calls: string[] = [];
  const loader = pagesLoader<{ owner: string; page: PageRequest; upcoming: boolean }, string>({
    parentOf: (key) => key.owner,
    variant: (key) => String(key.upcoming),
    fetch: async (keys, request) => {
      calls.push(`${keys.map((key) => key.owner).join(',')}/${request.limit}/${keys[0]!.upcoming}`);
      return keys.map((key) => `${key.owner}:${request.limit}:${key.upcoming}`);
    },
  });
  const answers = await Promise.all([
    loader.load({ owner: 'a', page: page(5), upcoming: true }),
    loader.load({ owner: 'b', page: page(5), upcoming: true }),
    loader.load({ owner: 'a', page: page(10), upcoming: true }),
    loader.load({ owner: 'a', page: page(5), upcoming: false }),
    loader.load({ owner: 'a', page: page(5), upcoming: true }),
  ]);
  expect(answers).toEqual(['a:5:true', 'b:5:true', 'a:10:true', 'a:5:false', 'a:5:true']);
  expect(calls).toEqual(['a,b/5/true', 'a/10/true', 'a/5/false']);
});

const Greeted = defineEvent('test', 'test.Greeted', 1, z.object({ name: z.string() }));
const GreetedV2 = defineEvent('test', 'test.Greeted', 2, z.object({ names: z.array(z.string()) }));
const Left = defineEvent('test', 'test.Left', 1, z.object({ memberId: z.string() }));
const envelope = (type: string, version: number, payload: unknown): EventEnvelope => ({ id: '1', type, version, publisher: 'test', seq: 1, occurredAt: new Date(0), payload });

test('on dispatches each event to the handler of its type and version, with the payload typed', async () => {
  const seen: string[] = [];
  const consumer = defineConsumer(
    'test.greetings',
    on(Greeted, async ({ payload }) => void seen.push(`v1 ${payload.name}`)),
    on(GreetedV2, async ({ payload }) => void seen.push(`v2 ${payload.names.join('+')}`)),
    on(Left, async ({ payload }) => void seen.push(`left ${payload.memberId}`)),
  );
  expect(consumer.events).toEqual([Greeted, GreetedV2, Left]);
  await consumer.handle(envelope('test.Greeted', 2, { names: ['a', 'b'] }), manager);
  await consumer.handle(envelope('test.Greeted', 1, { name: 'c' }), manager);
  await consumer.handle(envelope('test.Left', 1, { memberId: 'm' }), manager);
  expect(seen).toEqual(['v2 a+b', 'v1 c', 'left m']);
});

test('an event of an undeclared version or type reaches no handler and fails loudly', async () => {
  const seen: unknown[] = [];
  const consumer = defineConsumer('test.greetings', on(Greeted, async ({ payload }) => void seen.push(payload)));
  await expect(consumer.handle(envelope('test.Greeted', 2, { names: [] }), manager)).rejects.toThrow('no handler for test.Greeted@2');
  await expect(consumer.handle(envelope('test.Left', 1, { memberId: 'm' }), manager)).rejects.toThrow('no handler for test.Left@1');
  expect(seen).toEqual([]);
  expect(isEvent(Greeted, envelope('test.Greeted', 1, { name: 'x' }))).toBe(true);
  expect(isEvent(Greeted, envelope('test.Greeted', 2, { names: [] }))).toBe(false);
});
