import { parseTestFailures } from './test-failures.parser.js';

describe('parseTestFailures', () => {
  it('should recognise every runner shape with 1-based lines when the output mixes them', () => {
    const text = [
      '=== RUN   TestAdd',
      '    --- FAIL: TestAdd/sub (0.00s)',
      '--- FAIL: TestAdd (0.00s)',
      'FAIL\texample.com/pkg/calc\t0.004s',
      'FAILED tests/test_calc.py::test_add_wrong - assert 3 == 4',
      'test tests::adds_wrong ... FAILED',
      'FAIL src/math.test.ts',
      '  ✕ subtracts (3 ms)',
      '✖ subtracts numbers (4.24ms)',
      'not ok 2 - divides',
      'FAIL',
    ].join('\n');
    expect(parseTestFailures(text, 30)).toEqual({
      failed_count: 9,
      failed_tests: [
        { kind: 'go_test', name: 'TestAdd/sub', line: 2 },
        { kind: 'go_test', name: 'TestAdd', line: 3 },
        { kind: 'go_package', name: 'example.com/pkg/calc', line: 4 },
        { kind: 'pytest', name: 'tests/test_calc.py::test_add_wrong', line: 5 },
        { kind: 'cargo_test', name: 'tests::adds_wrong', line: 6 },
        { kind: 'jest', name: 'src/math.test.ts', line: 7 },
        { kind: 'jest', name: 'subtracts', line: 8 },
        { kind: 'node_test', name: 'subtracts numbers', line: 9 },
        { kind: 'node_test', name: 'divides', line: 10 },
      ],
    });
  });

  it('should de-duplicate by kind and name and cut the list at max when failures repeat', () => {
    const text = '✖ a (1ms)\n✖ failing tests:\n✖ a (2ms)\n✖ b\n✖ c\n';
    expect(parseTestFailures(text, 2)).toEqual({
      failed_count: 3,
      failed_tests: [
        { kind: 'node_test', name: 'a', line: 1 },
        { kind: 'node_test', name: 'b', line: 4 },
      ],
    });
  });

  it('should find nothing when every test passed', () => {
    expect(parseTestFailures('ok  \texample.com/pkg\t0.01s\nPASS\n', 30)).toEqual({
      failed_count: 0,
      failed_tests: [],
    });
  });
});
