// Fixture projects written by the tests into a fresh workspace (CATALOG.md 6.1 matrix rows).

/** npm project whose `test` script is `node --test`: one passing and one failing test. */
export const NODE_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify(
    { name: 'fixture-node', version: '1.0.0', scripts: { test: 'node --test' } },
    null,
    2,
  ),
  'math.test.js': [
    "const test = require('node:test');",
    "const assert = require('node:assert');",
    '',
    "test('adds numbers', () => {",
    '  assert.strictEqual(1 + 1, 2);',
    '});',
    '',
    "test('subtracts numbers', () => {",
    '  assert.strictEqual(3 - 1, 1);',
    '});',
    '',
  ].join('\n'),
  'src/config.js': [
    'function parseConfig(text) {',
    '  return JSON.parse(text);',
    '}',
    'const value = parseConfig("{}");',
    'module.exports = { parseConfig, value };',
    '',
  ].join('\n'),
};

/** pytest project: one passing and one failing test. */
export const PYTHON_PROJECT: Record<string, string> = {
  'pytest.ini': '[pytest]\naddopts = -p no:cacheprovider\n',
  'calc.py': 'def add(a, b):\n    return a + b\n',
  'test_calc.py': [
    'from calc import add',
    '',
    'def test_add():',
    '    assert add(1, 2) == 3',
    '',
    'def test_add_wrong():',
    '    assert add(1, 2) == 4',
    '',
  ].join('\n'),
};

/** A C program and a test program that exits 0. */
export const C_PROJECT: Record<string, string> = {
  'main.c': '#include <stdio.h>\n\nint main(void) {\n  printf("hello\\n");\n  return 0;\n}\n',
  'tests/calc_test.c':
    '#include <stdio.h>\n\nint main(void) {\n  printf("all tests passed\\n");\n  return 0;\n}\n',
};

/** Go module with stdlib only: one passing and one failing test. */
export const GO_MODULE: Record<string, string> = {
  'go.mod': 'module example.com/fixture\n\ngo 1.19\n',
  'calc.go':
    'package fixture\n\n// Add returns the sum.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n',
  'calc_test.go': [
    'package fixture',
    '',
    'import "testing"',
    '',
    'func TestAdd(t *testing.T) {',
    '\tif Add(1, 2) != 3 {',
    '\t\tt.Fatal("wrong")',
    '\t}',
    '}',
    '',
    'func TestAddWrong(t *testing.T) {',
    '\tif Add(1, 2) != 4 {',
    '\t\tt.Fatal("expected 4")',
    '\t}',
    '}',
    '',
  ].join('\n'),
};

/** One tiny cargo crate without dependencies: one passing and one failing test. */
export const CARGO_CRATE: Record<string, string> = {
  'Cargo.toml':
    '[package]\nname = "fixture"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
  'src/lib.rs': [
    'pub fn add(a: i32, b: i32) -> i32 {',
    '    a + b',
    '}',
    '',
    '#[cfg(test)]',
    'mod tests {',
    '    use super::*;',
    '',
    '    #[test]',
    '    fn adds() {',
    '        assert_eq!(add(1, 2), 3);',
    '    }',
    '',
    '    #[test]',
    '    fn adds_wrong() {',
    '        assert_eq!(add(1, 2), 4);',
    '    }',
    '}',
    '',
  ].join('\n'),
};
