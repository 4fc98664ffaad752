import { Client } from 'pg';
import { checkCursor, type SortKeyType } from '../pagination/cursor';
import { workerDatabase } from '../testing';

/**
 * The cursor check stands in front of PostgreSQL, so it must never let through a value that
 * PostgreSQL cannot read as the key's type (that would be an internal error again), and must
 * accept everything PostgreSQL itself prints for one (or paging would break).
 */
const PG_TYPES: Record<SortKeyType, string> = {
  uuid: 'uuid',
  timestamp: 'timestamptz',
  integer: 'int4',
  bigint: 'int8',
  real: 'float4',
  text: 'text',
  boolean: 'bool',
};

let client: Client;
beforeAll(async () => {
  client = new Client({ connectionString: (await workerDatabase()).adminUrl });
  await client.connect();
});
afterAll(() => client?.end());

const accepted = (type: SortKeyType, value: unknown) => {
  try {
    checkCursor([type], [value], 'after');
    return true;
  } catch {
    return false;
  }
};

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function candidates(type: SortKeyType, count: number): string[] {
  const next = random(type.length * 7919);
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const digits = (n: number) => pick('0123456789', n);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (type === 'timestamp') {
      const offset = ['', 'Z', `+${digits(2)}`, `-${digits(2)}:${digits(2)}`, `+${digits(2)}:${digits(2)}:${digits(2)}`][Math.floor(next() * 5)];
      out.push(`${digits(4 + Math.floor(next() * 3))}-${digits(2)}-${digits(2)}${next() < 0.5 ? ' ' : 'T'}${digits(2)}:${digits(2)}:${digits(2)}${next() < 0.5 ? `.${digits(1 + Math.floor(next() * 6))}` : ''}${offset}`);
    } else if (type === 'real') {
      out.push(`${next() < 0.3 ? '-' : ''}${digits(1 + Math.floor(next() * 5))}${next() < 0.5 ? `.${digits(3)}` : ''}${next() < 0.5 ? `e${next() < 0.5 ? '-' : '+'}${digits(1 + Math.floor(next() * 2))}` : ''}`);
    } else if (type === 'integer' || type === 'bigint') {
      out.push(`${next() < 0.3 ? '-' : ''}${digits(1 + Math.floor(next() * 20))}`);
    } else if (type === 'uuid') {
      out.push(pick('0123456789abcdefABCDEF-g', 36));
    } else {
      out.push(pick("ab' -\\\"é😀\t", 1 + Math.floor(next() * 20)));
    }
  }
  return out;
}

const FIXED: Record<SortKeyType, string[]> = {
  timestamp: ['2026-02-29 00:00:00+00', '2024-02-29 00:00:00+00', '2026-01-01 24:00:00+00', '2026-01-01 00:00:60+00', '0001-01-01 00:00:00+00', '294277-01-01 00:00:00+00', '2026-01-01 00:00:00+15:59:59', '2026-01-01 00:00:00+16', 'infinity', '-infinity', 'now', 'epoch', 'today'],
  real: ['0', '-0', '1e-38', '1e-45', '1e-46', '3.4e38', '3.5e38', 'NaN', 'Infinity', '.5', '5.'],
  integer: ['2147483647', '2147483648', '-2147483648', '-2147483649', '007'],
  bigint: ['9223372036854775807', '9223372036854775808', '-9223372036854775808'],
  uuid: ['0b6a0f9e-4a7e-4c1e-9d55-0f3b1f1d2c3a', '0B6A0F9E4A7E4C1E9D550F3B1F1D2C3A', '{0b6a0f9e-4a7e-4c1e-9d55-0f3b1f1d2c3a}'],
  text: ['', "' OR 1=1 --"],
  boolean: ['true', 'false', 't', 'yes', 'on', '1'],
};

test.each(Object.keys(PG_TYPES) as SortKeyType[])('every %s the check accepts, PostgreSQL reads', async (type) => {
  const values = [...FIXED[type], ...candidates(type, 3000)];
  const { rows } = await client.query<{ v: string; ok: boolean }>(`SELECT v, pg_input_is_valid(v, $2) AS ok FROM unnest($1::text[]) v`, [values, PG_TYPES[type]]);
  const letThrough = rows.filter((row) => accepted(type, row.v) && !row.ok).map((row) => row.v);
  expect(letThrough).toEqual([]);
  // The generator must reach both sides, or the check above proves little.
  expect(rows.filter((row) => accepted(type, row.v)).length).toBeGreaterThanOrEqual({ uuid: 1, boolean: 2 }[type as string] ?? 10);
});

test('what PostgreSQL prints for each type, the check accepts', async () => {
  const { rows } = await client.query<Record<string, string>>(`
    SELECT now()::text AS now, '-infinity'::timestamptz::text AS minus_infinity, '0044-03-15 12:00'::timestamptz::text AS ancient,
           (now() AT TIME ZONE 'UTC')::timestamptz::text AS shifted, gen_random_uuid()::text AS id,
           ts_rank(to_tsvector('english', 'palliative care at home'), websearch_to_tsquery('english', 'palliative'))::text AS rank,
           (2147483647)::int4::text AS int4, (-9223372036854775808)::int8::text AS int8, true::text AS yes, 1e-40::float4::text AS tiny`);
  const row = rows[0]!;
  for (const value of [row.now, row.minus_infinity, row.ancient, row.shifted]) expect([value, accepted('timestamp', value)]).toEqual([value, true]);
  expect(accepted('uuid', row.id)).toBe(true);
  expect(accepted('real', row.rank)).toBe(true);
  expect(accepted('real', row.tiny)).toBe(true);
  expect(accepted('integer', row.int4)).toBe(true);
  expect(accepted('bigint', row.int8)).toBe(true);
  expect(accepted('boolean', row.yes)).toBe(true);
  await client.query(`SET TIME ZONE 'Asia/Kolkata'`);
  const local = await client.query<{ now: string; old: string }>(`SELECT now()::text AS now, '1850-01-01 00:00+00'::timestamptz::text AS old`);
  expect(accepted('timestamp', local.rows[0]!.now)).toBe(true);
  expect(accepted('timestamp', local.rows[0]!.old)).toBe(true);
});
