import { type Dependency, dependency } from './dependency.js';

const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,#]+)\s*$/;

/**
 * Pinned `name==version` lines of `requirements*.txt` (CATALOG.md 20.1). Ranges, options (`-r`,
 * `-e`, `--hash`), URLs and environment markers are not pins and are ignored, never an error.
 */
export function parseRequirementsTxt(text: string): Dependency[] {
  const found: Dependency[] = [];
  for (const logical of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = logical
      .replace(/(^|\s)#.*$/, '')
      .replace(/\s--hash[=\s]\S+/g, '')
      .split(';')[0]
      ?.trim();
    const pin = line === undefined || line.startsWith('-') ? null : PINNED.exec(line);
    if (pin?.[1] !== undefined && pin[2] !== undefined) {
      found.push(dependency('pypi', pin[1], pin[2]));
    }
  }
  return found;
}
