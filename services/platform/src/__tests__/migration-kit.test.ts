import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PlatformEventTables1763769600000 } from '../eventlog/migration';
import { migrationsRoundTrip, replicasMigrateOnce } from '../testing';

/** The test kit's migration checks, on a throwaway service: they pass a reversible history and catch one that leaves something behind. */
class KitNotes1764900000000 implements MigrationInterface {
  name = 'KitNotes1764900000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL DEFAULT '', outbox_id uuid REFERENCES outbox (id))`);
    await runner.query('CREATE INDEX notes_body ON notes (body)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notes');
  }
}

/** Its down forgets the function its up made. */
class KitLeaky1764900000001 implements MigrationInterface {
  name = 'KitLeaky1764900000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION note_length(body text) RETURNS integer LANGUAGE sql AS 'SELECT length(body)'`);
  }
  async down(): Promise<void> {}
}

const kit = (migrations: Function[]) => ({ name: 'kitcheck', schema: 'kitcheck', jobSchema: 'kitcheck_jobs', entities: [], migrations });

test('a reversible history passes, with the checks of each step', async () => {
  const reverted: string[] = [];
  await migrationsRoundTrip(kit([PlatformEventTables1763769600000, KitNotes1764900000000]), {
    migrated: (schema) => expect(schema.tables).toEqual(['event_positions', 'notes', 'outbox']),
    reverted: { KitNotes1764900000000: (schema) => reverted.push(...schema.tables) },
  });
  expect(reverted).toEqual(['event_positions', 'outbox']);
  await replicasMigrateOnce(kit([PlatformEventTables1763769600000, KitNotes1764900000000]));
});

test('a migration whose down leaves something behind fails the round trip', async () => {
  await expect(migrationsRoundTrip(kit([PlatformEventTables1763769600000, KitNotes1764900000000, KitLeaky1764900000001]))).rejects.toThrow(/note_length/);
});

test('checks named for a migration the service does not have fail, rather than never running', async () => {
  await expect(migrationsRoundTrip(kit([PlatformEventTables1763769600000]), { reverted: { Missing1764900000000: () => undefined } })).rejects.toThrow(/Missing1764900000000/);
});
