import { type TSchema, Type } from '@sinclair/typebox';
import { Defaulted, StringEnum } from '#app/tool-registry';

/** CATALOG.md 17 issue shape. */
export const DockerfileIssueSchema = Type.Partial(
  Type.Object({
    id: Type.String(),
    severity: StringEnum(['high', 'medium', 'low']),
    line: Type.Integer(),
    message: Type.String(),
    snippet: Type.String(),
  }),
);

/** Output members every image tool reports about its lint (`ToolOutput` members). */
export const LINT_OUTPUT: Readonly<Record<string, TSchema>> = Object.freeze({
  issues_count: Type.Integer(),
  issues: Type.Array(DockerfileIssueSchema),
  recommendations: Type.Array(Type.String()),
  truncated: Type.Boolean(),
});

export const MaxIssuesArg = Defaulted(
  Type.Integer({
    description: 'Cut the issue list at this many',
    minimum: 1,
    maximum: 2000,
    default: 200,
  }),
);

export const IncludeRecommendationsArg = Defaulted(
  Type.Boolean({ description: 'Add one recommendation per issue class', default: true }),
);
