// Exact denial messages of API.md 7; callers and conformance tests match on them.
export const POLICY_MESSAGES = {
  scope: 'principal roles cannot access tool scope',
  highRisk: 'high risk capability requires platform_admin role',
  approval: 'tool requires explicit approval',
  invalidPathField: 'invalid path field payload',
  invalidArgField: 'invalid args field payload',
  argListTooLong: 'argument list exceeds allowed length',
  argNotAllowed: 'argument not allowed by policy',
} as const;

export const notAllowed = (subject: string): string => `${subject} not allowed`;

export const invalidFieldPayload = (subject: string): string => `invalid ${subject} field payload`;
