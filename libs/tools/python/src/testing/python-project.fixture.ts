// A pytest project (no virtualenv: the host's python3 and pytest) with one passing and one failing test.
export const PYTHON_PROJECT: Record<string, string> = {
  'pytest.ini': '[pytest]\naddopts = -p no:cacheprovider\npythonpath = .\n',
  'calc.py': 'def add(a, b):\n    return a + b\n',
  'tests/test_calc.py': [
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
