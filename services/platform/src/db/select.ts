import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A select list for raw SQL that returns an entity's columns under its property names, so a
 * hand-written keyset query yields the same records as the repository does.
 */
export function selectColumns<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>, alias: string): string {
  return dataSource
    .getMetadata(entity)
    .columns.map((column) => `${alias}.${column.databaseName} AS "${column.propertyName}"`)
    .join(', ');
}
