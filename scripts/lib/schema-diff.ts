/**
 * Compares the released client schema with the current one (schema/released/api.graphql and
 * schema/api.graphql) and decides whether the difference may ship: every breaking change must be
 * named in CHANGELOG.md under "## Unreleased" → "### Breaking", and a field, argument, input field
 * or enum value may only be removed once the released schema had it `@deprecated`.
 * Pure functions, so the rules are tested on small SDL strings; scripts/check-schema.ts and
 * scripts/release-schema.ts do the file work.
 */
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';

/** Written at the top of schema/released/api.graphql; the version is read back from it. */
export function releasedHeader(version: string, date: string): string {
  return `# Client schema as released in Praxis ${version} (${date}). Written by \`npm run release:schema\`; \`npm run check:schema\` compares schema/api.graphql with it. Do not edit.\n`;
}

export function releasedVersion(sdl: string): string | undefined {
  return /^# Client schema as released in Praxis (\S+) \(/m.exec(sdl)?.[1];
}

/** The SDL without its leading comment lines, so a release copies only the schema. */
export function withoutHeader(sdl: string): string {
  return sdl.replace(/^(#[^\n]*\n)+\n*/, '');
}

/** `Type.field(arg:)` (a schema coordinate) and `Type.field.arg` (an inspector path) name the same thing. */
export function normaliseCoordinate(text: string): string {
  return text
    .trim()
    .replace(/\((\w+):\)$/, '.$1')
    .replace(/\(\)$/, '');
}

/** The lines of one `### heading` under `## Unreleased`, or [] when either heading is missing. */
function unreleasedSubsection(changelog: string, heading: string): string[] {
  const lines = changelog.split('\n');
  const start = lines.findIndex((line) => /^## +Unreleased\b/i.test(line));
  if (start < 0) return [];
  const out: string[] = [];
  let inside = false;
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break;
    if (/^### /.test(line)) {
      inside = line.replace(/^### +/, '').trim().toLowerCase() === heading.toLowerCase();
      continue;
    }
    if (inside) out.push(line);
  }
  return out;
}

/**
 * Every coordinate the Unreleased → Breaking list names: spans in backticks, and bare dotted
 * names such as Community.upcomingEvents.
 */
export function namedBreakingChanges(changelog: string): Set<string> {
  const names = new Set<string>();
  for (const line of unreleasedSubsection(changelog, 'Breaking')) {
    for (const match of line.matchAll(/`([^`]+)`/g)) names.add(normaliseCoordinate(match[1] ?? ''));
    const bare = line.replace(/`[^`]*`/g, ' ');
    for (const match of bare.matchAll(/@?[A-Za-z_]\w*(?:\.@?\w+)+(?:\(\w+:\))?/g)) names.add(normaliseCoordinate(match[0]));
  }
  return names;
}

/** A change's coordinate, as a CHANGELOG names it. */
export function coordinateOf(change: Change): string {
  return change.path ?? change.type;
}

/** Where the released schema kept a removed member, and whether it was deprecated there. */
function removedMember(change: Change, released: GraphQLSchema): { what: string; deprecated: boolean } | undefined {
  const fields = change.meta as Record<string, unknown>;
  const meta = (key: string): string => String(fields[key] ?? '');
  switch (change.type) {
    case 'FIELD_REMOVED': {
      const type = released.getType(meta('typeName'));
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[meta('removedFieldName')] : undefined;
      return { what: 'field', deprecated: Boolean(field?.deprecationReason) };
    }
    case 'ENUM_VALUE_REMOVED': {
      const type = released.getType(meta('enumName'));
      const value = isEnumType(type) ? type.getValue(meta('removedEnumValueName')) : undefined;
      return { what: 'enum value', deprecated: Boolean(value?.deprecationReason) };
    }
    case 'INPUT_FIELD_REMOVED': {
      const type = released.getType(meta('inputName'));
      const field = isInputObjectType(type) ? type.getFields()[meta('removedFieldName')] : undefined;
      return { what: 'input field', deprecated: Boolean(field?.deprecationReason) };
    }
    case 'FIELD_ARGUMENT_REMOVED': {
      const type = released.getType(meta('typeName'));
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[meta('fieldName')] : undefined;
      const argument = field?.args.find((candidate) => candidate.name === meta('removedFieldArgumentName'));
      return { what: 'argument', deprecated: Boolean(argument?.deprecationReason) };
    }
    default:
      return undefined;
  }
}

export interface SchemaCheck {
  breaking: Array<{ change: Change; named: boolean }>;
  dangerous: Change[];
  safe: Change[];
  /** Why the check fails; empty when the current schema may ship. */
  problems: string[];
}

export async function checkSchema(releasedSdl: string, currentSdl: string, changelog: string): Promise<SchemaCheck> {
  const released = buildSchema(releasedSdl);
  const changes = await diff(released, buildSchema(currentSdl));
  const named = namedBreakingChanges(changelog);
  const result: SchemaCheck = { breaking: [], dangerous: [], safe: [], problems: [] };
  for (const change of changes) {
    const level = change.criticality.level;
    if (level === CriticalityLevel.Dangerous) result.dangerous.push(change);
    else if (level === CriticalityLevel.NonBreaking) result.safe.push(change);
    else {
      const isNamed = named.has(coordinateOf(change));
      result.breaking.push({ change, named: isNamed });
      if (!isNamed) {
        result.problems.push(`\`${coordinateOf(change)}\` is a breaking change that CHANGELOG.md does not name under "## Unreleased" → "### Breaking".`);
      }
    }
    // Even a named removal fails: clients need a release in which the old form is deprecated.
    const removed = removedMember(change, released);
    if (removed && !removed.deprecated) {
      result.problems.push(
        `${coordinateOf(change)}: the ${removed.what} was removed without being @deprecated in the released schema. Put it back with @deprecated(reason: "…") and remove it after a release.`,
      );
    }
  }
  return result;
}

/** Description changes quote whole paragraphs; a line each is enough to see what moved. */
function oneLine(message: string): string {
  const flat = message.replace(/\s*\n\s*/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** Every change, grouped by criticality, then the problems. */
export function formatSchemaCheck(check: SchemaCheck, version: string | undefined, verbose = false): string {
  const lines = [
    `Client schema compared with release ${version ?? '(unknown version)'}: ${check.breaking.length} breaking, ${check.dangerous.length} dangerous, ${check.safe.length} safe.`,
  ];
  if (check.breaking.length > 0) {
    lines.push('', 'Breaking:');
    for (const { change, named } of check.breaking) lines.push(`  ${named ? 'named in CHANGELOG' : 'NOT NAMED         '}  ${change.message}`);
  }
  if (check.dangerous.length > 0) {
    lines.push('', 'Dangerous (warnings: clients may behave differently):');
    for (const change of check.dangerous) lines.push(`  warning  ${change.message}`);
  }
  // Safe changes are mostly descriptions, hundreds of them after a documentation pass: counted
  // by kind here, so the test log shows what needs a person's eye; `--verbose` lists each one.
  if (check.safe.length > 0 && verbose) {
    lines.push('', 'Safe:');
    for (const change of check.safe) lines.push(`  ${oneLine(change.message)}`);
  } else if (check.safe.length > 0) {
    const byKind = new Map<string, number>();
    for (const change of check.safe) byKind.set(change.type, (byKind.get(change.type) ?? 0) + 1);
    lines.push('', `Safe, by kind: ${[...byKind].sort((x, y) => y[1] - x[1]).map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
  }
  if (check.problems.length > 0) {
    lines.push('', `Failed (${check.problems.length}):`);
    for (const problem of check.problems) lines.push(`  ${problem}`);
  }
  return lines.join('\n');
}
