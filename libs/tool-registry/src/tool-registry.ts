import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import type { Capability, JsonObject, JsonSchema } from '#app/contracts';
import { ArgsValidator, type ArgsValidation } from './args-validator.js';
import { CatalogIntegrityError } from './catalog-integrity.error.js';
import { toAliasCapability, toCapability } from './capability-view.js';
import { validationSchema } from './kit/published-schema.js';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolHandler } from './tool-handler.js';

const TOOL_NAME = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

export interface RegisteredTool {
  readonly capability: Capability;
  readonly handler: ToolHandler;
  /** Class that declared the tool, for error messages. */
  readonly source: string;
  /** File that declared it, relative to the working directory (the catalog page shows it). */
  readonly sourceFile?: string;
}

/** Who declared a tool: its class, and its file when known. */
export interface ToolSource {
  className: string;
  file?: string;
}

interface Entry extends RegisteredTool {
  readonly validator: ValidateFunction;
}

/**
 * The catalog: every `@Tool()` found at bootstrap plus its aliases. Fails fast on duplicates and on
 * any integrity problem (CATALOG.md 1.9), and is read-only once frozen.
 */
@Injectable()
export class ToolRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly argsValidator = new ArgsValidator();
  private sorted: readonly RegisteredTool[] = [];
  private frozen = false;

  /** @throws CatalogIntegrityError on a duplicate name, a bad schema or a failing example. */
  register(definition: ToolDefinition, handler: ToolHandler, declaredBy: ToolSource): void {
    const { className: source, file: sourceFile } = declaredBy;
    if (this.frozen) {
      throw new CatalogIntegrityError(`registry is frozen; cannot add ${definition.name}`);
    }
    checkDefinition(definition);
    const capability = toCapability(definition);
    const validator = this.compile(capability, validationSchema(definition.inputSchema));
    for (const example of definition.examples ?? []) {
      const result = this.argsValidator.validate(
        validator,
        capability.input_schema,
        example as JsonObject,
      );
      if (!result.ok) {
        throw new CatalogIntegrityError(
          `example of ${definition.name} is invalid: ${result.message}`,
        );
      }
    }
    this.add({ capability, handler, source, sourceFile, validator });
    for (const alias of definition.aliases ?? []) {
      const aliasCapability = toAliasCapability(capability, alias);
      this.add({ capability: aliasCapability, handler, source, sourceFile, validator });
    }
  }

  /** Ends registration: after this the catalog never changes. */
  freeze(): void {
    this.frozen = true;
    this.sorted = Object.freeze(
      [...this.entries.values()].sort((a, b) => compareBytes(a.capability.name, b.capability.name)),
    );
  }

  get(name: string): RegisteredTool | undefined {
    return this.entries.get(name);
  }

  /** Every entry, aliases included, sorted by name in byte order. */
  list(): readonly RegisteredTool[] {
    return this.frozen
      ? this.sorted
      : [...this.entries.values()].sort((a, b) =>
          compareBytes(a.capability.name, b.capability.name),
        );
  }

  validateArgs(name: string, args: JsonObject): ArgsValidation {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new Error(`unknown tool ${name}`);
    }
    return this.argsValidator.validate(entry.validator, entry.capability.input_schema, args);
  }

  private add(entry: Entry): void {
    const existing = this.entries.get(entry.capability.name);
    if (existing) {
      throw new CatalogIntegrityError(
        `duplicate tool name ${entry.capability.name} (${existing.source} and ${entry.source})`,
      );
    }
    this.entries.set(entry.capability.name, entry);
  }

  private compile(capability: Capability, argsSchema: JsonSchema): ValidateFunction {
    try {
      this.argsValidator.compile(capability.output_schema);
      return this.argsValidator.compile(argsSchema);
    } catch (error) {
      throw new CatalogIntegrityError(
        `schema of ${capability.name} does not compile: ${(error as Error).message}`,
      );
    }
  }
}

function checkDefinition(definition: ToolDefinition): void {
  if (!TOOL_NAME.test(definition.name)) {
    throw new CatalogIntegrityError(`invalid tool name ${JSON.stringify(definition.name)}`);
  }
  for (const alias of definition.aliases ?? []) {
    if (!TOOL_NAME.test(alias)) {
      throw new CatalogIntegrityError(`invalid alias name ${JSON.stringify(alias)}`);
    }
  }
  const timeout = definition.timeoutSeconds;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) {
    throw new CatalogIntegrityError(`${definition.name}: timeout_seconds must be 1–600`);
  }
  if (!Number.isInteger(definition.maxRetries) || definition.maxRetries < 0) {
    throw new CatalogIntegrityError(`${definition.name}: max_retries must be >= 0`);
  }
  if (definition.inputSchema['type'] !== 'object') {
    throw new CatalogIntegrityError(`${definition.name}: input_schema must be an object schema`);
  }
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
