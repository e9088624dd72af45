import { AppException } from '#app/errors';

// CATALOG.md 18 "Input limits"; violations are invalid_argument. The policy step has already
// refused shell metacharacters; these keep every value a single inert argv word.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const CONTAINER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_ITEM_CHARS = 256;
const MAX_ENV_ENTRIES = 32;

export function requireName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new AppException('invalid_argument', `name must match ${NAME_PATTERN.source}`);
  }
}

export function requireContainerId(id: string): void {
  if (!CONTAINER_ID_PATTERN.test(id)) {
    throw new AppException(
      'invalid_argument',
      `container_id must match ${CONTAINER_ID_PATTERN.source}`,
    );
  }
}

export function requireCommand(
  command: readonly string[],
  minItems: number,
  maxItems: number,
): void {
  if (command.length < minItems || command.length > maxItems) {
    throw new AppException('invalid_argument', `command must have ${minItems}–${maxItems} items`);
  }
  for (const [index, item] of command.entries()) {
    if (item === '' || item.length > MAX_ITEM_CHARS || /[\r\n]/.test(item)) {
      throw new AppException(
        'invalid_argument',
        `command[${index}] must be non-empty, at most ${MAX_ITEM_CHARS} characters, without CR/LF`,
      );
    }
  }
}

export function requireEnv(env: Readonly<Record<string, string>>): void {
  const entries = Object.entries(env);
  if (entries.length > MAX_ENV_ENTRIES) {
    throw new AppException('invalid_argument', `env must have at most ${MAX_ENV_ENTRIES} entries`);
  }
  for (const [key, value] of entries) {
    if (!ENV_KEY_PATTERN.test(key)) {
      throw new AppException(
        'invalid_argument',
        `env key ${JSON.stringify(key)} must match ${ENV_KEY_PATTERN.source}`,
      );
    }
    if (value.length > MAX_ITEM_CHARS || /[\r\n]/.test(value)) {
      throw new AppException(
        'invalid_argument',
        `env value of ${key} must be at most ${MAX_ITEM_CHARS} characters without CR/LF`,
      );
    }
  }
}

/** An image reference handed to the runtime must not read as an option. */
export function requireImageRef(imageRef: string): void {
  if (imageRef === '' || imageRef.length > 255 || /\s/.test(imageRef) || imageRef.startsWith('-')) {
    throw new AppException(
      'invalid_argument',
      'image_ref must be a non-empty reference of at most 255 characters, without whitespace, not starting with "-"',
    );
  }
}
