import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import { loadSubgraphSdl, REPO_ROOT } from '@praxis/platform';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const schema = (service: string) => loadSubgraphSdl(join(REPO_ROOT, 'services', service, 'src/schema'), { shared: ['reports'] });
const events = schema('events');

function type(document: DocumentNode, name: string): ObjectTypeDefinitionNode {
  const found = document.definitions.find((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name);
  if (!found) throw new Error(`${name} is not declared`);
  return found;
}

/** A type's description and those of the named fields, as composition compares them. */
function descriptions(document: DocumentNode, name: string, fields: string[]) {
  const node = type(document, name);
  return { type: node.description?.value, fields: fields.map((field) => [field, node.fields?.find((each) => each.name.value === field)?.description?.value]) };
}

test('the shared report shapes are loaded word for word (docs/adr/0007)', () => {
  expect(events).toContain(read('services/platform/src/reports/report-types.graphql'));
});

test("the ReportBucket key and the Term stub repeat membership's descriptions", () => {
  const ours = parse(events);
  const membership = parse(schema('membership'));
  const key = ['scope', 'scopeId', 'start', 'end', 'threshold', 'breakdowns'];
  expect(descriptions(ours, 'ReportBucket', key)).toEqual(descriptions(membership, 'ReportBucket', key));
  expect(descriptions(ours, 'Term', ['id'])).toEqual(descriptions(membership, 'Term', ['id']));
});
