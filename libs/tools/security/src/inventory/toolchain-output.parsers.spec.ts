import {
  parseCargoTree,
  parseGoListModules,
  parseGradleDependencies,
  parseMavenDependencyList,
  parseNpmLs,
  parsePipList,
} from './toolchain-output.parsers.js';

const names = (list: Array<{ name: string; version: string }>): string[] =>
  list.map((d) => `${d.name}@${d.version}`);

describe('toolchain output parsers', () => {
  it('should skip the main module of go list -m all', () => {
    expect(names(parseGoListModules('example.com/app\ngithub.com/a/b v1.2.3\n'))).toEqual([
      'github.com/a/b@1.2.3',
    ]);
  });

  it('should walk npm ls JSON in sorted key order with licenses', () => {
    const tree = {
      name: 'app',
      dependencies: {
        z: { version: '1.0.0', license: 'MIT', dependencies: { y: { version: '2.0.0' } } },
        a: { version: '3.0.0' },
      },
    };
    const found = parseNpmLs(JSON.stringify(tree));
    expect(names(found)).toEqual(['a@3.0.0', 'z@1.0.0', 'y@2.0.0']);
    expect(found[1]?.license).toBe('MIT');
  });

  it('should read pip list JSON', () => {
    expect(names(parsePipList('[{"name":"requests","version":"2.31.0"}]'))).toEqual([
      'requests@2.31.0',
    ]);
  });

  it('should skip the root crate of cargo tree', () => {
    expect(
      names(
        parseCargoTree('app v0.1.0 (/w)\nserde v1.0.193\nserde_derive v1.0.193 (proc-macro)\n'),
      ),
    ).toEqual(['serde@1.0.193', 'serde_derive@1.0.193']);
  });

  it('should honour gradle upgrades and skip repeats', () => {
    const output = [
      'runtimeClasspath - Runtime classpath.',
      '+--- org.slf4j:slf4j-api:1.7.30 -> 2.0.9',
      '\\--- com.google.guava:guava:32.1.3-jre',
      '     \\--- org.slf4j:slf4j-api:1.7.30 -> 2.0.9 (*)',
    ].join('\n');
    expect(names(parseGradleDependencies(output))).toEqual([
      'org.slf4j:slf4j-api@2.0.9',
      'com.google.guava:guava@32.1.3-jre',
    ]);
  });

  it('should read mvn dependency:list lines with and without a classifier', () => {
    const output =
      '   org.slf4j:slf4j-api:jar:2.0.9:compile\n[INFO]    io.netty:netty:jar:linux-x86_64:4.1.0:runtime -- module x\n';
    expect(names(parseMavenDependencyList(output))).toEqual([
      'org.slf4j:slf4j-api@2.0.9',
      'io.netty:netty@4.1.0',
    ]);
  });
});
