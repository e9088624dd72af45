import { XMLParser, XMLValidator } from 'fast-xml-parser';

import {
  type Dependency,
  ManifestFormatError,
  dependency,
  isRecord,
  stringOf,
} from './dependency.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => name === 'dependency',
});

/**
 * Direct `project/dependencies/dependency` entries of a `pom.xml` with a literal version. Managed
 * versions (absent) and property references (`${…}`) need Maven to resolve and are left out.
 */
export function parsePomXml(text: string): Dependency[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ManifestFormatError(`line ${valid.err.line}: ${valid.err.msg}`);
  }
  const document: unknown = parser.parse(text);
  const project = isRecord(document) ? document['project'] : undefined;
  if (!isRecord(project)) {
    throw new ManifestFormatError('missing <project> root element');
  }
  const dependencies = isRecord(project['dependencies'])
    ? project['dependencies']['dependency']
    : undefined;
  const found: Dependency[] = [];
  for (const entry of Array.isArray(dependencies) ? dependencies : []) {
    if (!isRecord(entry)) {
      continue;
    }
    const group = stringOf(entry['groupId']);
    const artifact = stringOf(entry['artifactId']);
    const version = stringOf(entry['version']);
    if (
      group !== undefined &&
      artifact !== undefined &&
      version !== undefined &&
      !version.includes('${')
    ) {
      found.push(dependency('maven', `${group}:${artifact}`, version));
    }
  }
  return found;
}
