import { type TSchema, Type } from '@sinclair/typebox';
import { StringEnum } from '#app/tool-registry';

/** `ToolOutput` members every `container.*` output starts with (CATALOG.md 18). */
export const RUNTIME_OUTPUT: Readonly<Record<string, TSchema>> = Object.freeze({
  runtime: StringEnum(['podman', 'docker', 'nerdctl', 'k8s', 'synthetic']),
  simulated: Type.Boolean(),
});
