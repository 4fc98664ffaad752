import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { readSubgraphs, REPO_ROOT } from '../config/subgraphs';

// Every subgraph that counts for reports declares the shared report shapes itself (docs/adr/0007).
// Composition accepts a shared value type only when every declaration agrees, so a drift in one
// service would fail composition late; this names the service that drifted.
const shared = readFileSync(join(REPO_ROOT, 'services/platform/src/reports/report-types.graphql'), 'utf8');
const subgraphs = readSubgraphs().map((entry) => ({ name: entry.name, sdl: readFileSync(join(REPO_ROOT, entry.schema), 'utf8') }));

function bucketKeyFields(sdl: string): string[] | undefined {
  const bucket = parse(sdl).definitions.find(
    (definition): definition is ObjectTypeDefinitionNode => (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === 'ReportBucket',
  );
  const key = bucket?.directives?.find((directive) => directive.name.value === 'key')?.arguments?.find((argument) => argument.name.value === 'fields');
  return key?.value.kind === Kind.STRING ? key.value.value.split(/\s+/).filter(Boolean).sort() : undefined;
}

test('all four subgraphs count for reports', () => {
  expect(subgraphs.filter((subgraph) => bucketKeyFields(subgraph.sdl)).map((subgraph) => subgraph.name).sort()).toEqual(['discussion', 'events', 'membership', 'resources']);
});

test.each(subgraphs.filter((subgraph) => bucketKeyFields(subgraph.sdl)).map((subgraph) => [subgraph.name, subgraph.sdl] as const))('%s declares the shared report shapes word for word, and the same bucket key', (_name, sdl) => {
  expect(sdl).toContain(shared);
  expect(bucketKeyFields(sdl)).toEqual(bucketKeyFields(subgraphs.find((subgraph) => subgraph.name === 'membership')!.sdl));
});
