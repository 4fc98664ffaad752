import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DefinitionNode, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import { entrySdl, SHARED_SDL, subgraphSdlFiles } from '../config/sdl';
import { readSubgraphs, REPO_ROOT } from '../config/subgraphs';

// The shared report shapes (docs/adr/0007) live once, in services/platform/src/reports, and every
// subgraph that counts for reports loads them with its own SDL files. Composition accepts a shared
// value type only when every declaration agrees, so a subgraph that dropped them or pasted its own
// copy would fail composition late; this names the subgraph.
const sharedNames = parse(readFileSync(SHARED_SDL.reports, 'utf8')).definitions.map(nameOf);
const subgraphs = readSubgraphs().map((entry) => ({ entry, document: parse(entrySdl(entry)) }));
const reporting = subgraphs.filter((subgraph) => bucketKeyFields(subgraph.document));

function nameOf(definition: DefinitionNode): string | undefined {
  return 'name' in definition ? definition.name?.value : undefined;
}

function bucketKeyFields(document: DocumentNode): string[] | undefined {
  const bucket = document.definitions.find(
    (definition): definition is ObjectTypeDefinitionNode => (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === 'ReportBucket',
  );
  const key = bucket?.directives?.find((directive) => directive.name.value === 'key')?.arguments?.find((argument) => argument.name.value === 'fields');
  return key?.value.kind === Kind.STRING ? key.value.value.split(/\s+/).filter(Boolean).sort() : undefined;
}

test('all four subgraphs count for reports', () => {
  expect(reporting.map((subgraph) => subgraph.entry.name).sort()).toEqual(['discussion', 'events', 'membership', 'resources']);
});

test.each(reporting.map((subgraph) => [subgraph.entry.name, subgraph] as const))('%s loads the shared report shapes once, and has the same bucket key', (_name, { entry, document }) => {
  expect(entry.shared).toContain('reports');
  const names = document.definitions.map(nameOf);
  for (const name of sharedNames) expect([name, names.filter((each) => each === name).length]).toEqual([name, 1]);
  const own = subgraphSdlFiles(join(REPO_ROOT, entry.schema));
  expect(own).not.toContain(SHARED_SDL.reports);
  expect(bucketKeyFields(document)).toEqual(bucketKeyFields(subgraphs.find((subgraph) => subgraph.entry.name === 'membership')!.document));
});
