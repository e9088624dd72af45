import { type TUnsafe, Type } from '@sinclair/typebox';
import type { PolicyBindings } from '#app/contracts';
import { Defaulted, type TDefaulted } from '#app/tool-registry';
import type { TInteger, TString } from '@sinclair/typebox';

/** The `profile_id` every connection tool takes. */
export const ProfileIdArg: TString = Type.String({
  description: 'Connection profile id (see conn.list_profiles)',
});

/** `timeout_ms` of the numeric convention (CATALOG.md 3.11). */
export function TimeoutMsArg(fallback: number): TDefaulted<TInteger> {
  return Defaulted(
    Type.Integer({
      description: 'Operation budget in milliseconds (dial included)',
      minimum: 100,
      maximum: 10_000,
      default: fallback,
    }),
  );
}

/** `max_bytes` of the numeric convention (CATALOG.md 3.11). */
export function MaxBytesArg(description: string, fallback: number): TDefaulted<TInteger> {
  return Defaulted(
    Type.Integer({ description, minimum: 1, maximum: 1_048_576, default: fallback }),
  );
}

/** A key array (CATALOG.md 14): 1–200 items; empty items are refused by the handler. */
export function KeyListArg(description: string): TUnsafe<string[]> {
  return Type.Unsafe<string[]>({
    type: 'array',
    description,
    items: Type.String(),
    minItems: 1,
    maxItems: 200,
  });
}

/** Policy bindings of a connection tool: `profile_fields` plus the family's name binding. */
export function connectionPolicy(
  binding?: 'subject_fields' | 'topic_fields' | 'queue_fields' | 'key_prefix_fields',
  field?: string,
  multi = false,
): PolicyBindings {
  const policy: PolicyBindings = { profile_fields: [{ field: 'profile_id' }] };
  if (binding !== undefined && field !== undefined) {
    policy[binding] = [multi ? { field, multi: true } : { field }];
  }
  return policy;
}
