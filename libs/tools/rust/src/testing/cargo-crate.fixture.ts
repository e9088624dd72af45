// A dependency-free crate (builds offline) written by the specs into a fresh workspace.
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
    '    #[test]',
    '    fn adds() {',
    '        assert_eq!(super::add(1, 2), 3);',
    '    }',
    '}',
    '',
  ].join('\n'),
};

/** The same library with a formatting problem and a clippy finding (`needless_return`). */
export const UNTIDY_LIB = 'pub fn add(a: i32, b: i32) -> i32 {\n    return a+b;\n}\n';
