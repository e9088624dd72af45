import type { Static, TObject, TOptional, TProperties, TSchema } from '@sinclair/typebox';
import type { TDefaulted } from './schema-builders.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionalKeys<P extends TProperties> = {
  [K in keyof P]: P[K] extends TDefaulted<TSchema>
    ? never
    : P[K] extends TOptional<TSchema>
      ? K
      : never;
}[keyof P];

type PresentKeys<P extends TProperties> = Exclude<keyof P, OptionalKeys<P>>;

type ValueOf<T extends TSchema> = T extends TObject<infer P> ? ArgsOfProperties<P> : Static<T>;

type ArgsOfProperties<P extends TProperties> = Simplify<
  { [K in PresentKeys<P>]: ValueOf<P[K]> } & { [K in OptionalKeys<P>]?: ValueOf<P[K]> }
>;

/**
 * What a handler receives for an args schema: validated, `null` members dropped and every
 * `Defaulted` member filled in, at any depth. `Type.Optional` members without a default may be absent.
 */
export type ArgsOf<S extends TObject> = ArgsOfProperties<S['properties']>;

/** An example call as a caller writes it: defaulted members may be left out (`Static` of the schema). */
export type ExampleOf<S extends TObject> = Static<S>;
