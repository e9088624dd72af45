import { Defaulted, StringEnum } from '#app/tool-registry';

export const C_STANDARDS = ['c89', 'c99', 'c11', 'c17', 'c23'] as const;

/** The `standard` member of both `c.*` tools: the enum restricts the value, absent means `c11`. */
export const CStandardArg = Defaulted(
  StringEnum(C_STANDARDS, { description: 'Language standard (`-std=`)', default: 'c11' }),
);
