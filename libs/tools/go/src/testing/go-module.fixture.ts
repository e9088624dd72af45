// A stdlib-only Go module written by the specs into a fresh workspace.
export const GO_MODULE: Record<string, string> = {
  'go.mod': 'module example.com/fixture\n\ngo 1.19\n',
  'calc.go':
    'package main\n\nimport "fmt"\n\nfunc Add(a, b int) int { return a + b }\n\nfunc main() { fmt.Println(Add(1, 2)) }\n',
  'calc_test.go': [
    'package main',
    '',
    'import "testing"',
    '',
    'func TestAdd(t *testing.T) {',
    '\tif Add(1, 2) != 3 {',
    '\t\tt.Fatal("bad sum")',
    '\t}',
    '}',
    '',
  ].join('\n'),
};

export const FAILING_TEST: Record<string, string> = {
  'wrong_test.go':
    'package main\n\nimport "testing"\n\nfunc TestWrong(t *testing.T) {\n\tt.Fatal("always fails")\n}\n',
};
