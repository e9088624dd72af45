// A C program and a test program, written by the specs into a fresh workspace.
export const C_PROGRAM: Record<string, string> = {
  'main.c': '#include <stdio.h>\n\nint main(void) {\n  printf("hello\\n");\n  return 0;\n}\n',
  'tests/calc_test.c':
    '#include <stdio.h>\n\nint main(void) {\n  printf("all tests passed\\n");\n  return 0;\n}\n',
  'tests/failing_test.c':
    '#include <stdio.h>\n\nint main(void) {\n  printf("1 test failed\\n");\n  return 3;\n}\n',
};
