/** CATALOG.md 17 "Reference parsing" of an image reference. */
export type ImageReference = {
  registry: string;
  repository: string;
  /** `''` when the reference has no tag. */
  tag: string;
  /** `''` when the reference has no digest. */
  digest: string;
};

/**
 * digest = text after `@`; tag = text after the last `:` that follows the last `/`; registry = the
 * first segment when the reference has a `/` and that segment contains `.` or `:` or is `localhost`,
 * else `docker.io`; repository = the remainder without registry, tag and digest.
 */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const digest = at === -1 ? '' : reference.slice(at + 1);
  let name = at === -1 ? reference : reference.slice(0, at);
  const colon = name.lastIndexOf(':');
  let tag = '';
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry =
    slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    registry: hasRegistry ? first : 'docker.io',
    repository: hasRegistry ? name.slice(slash + 1) : name,
    tag,
    digest,
  };
}

/** `tag@digest` when there is a digest and the tag has no `@` (CATALOG.md 17 `image.build`). */
export function imageRefOf(tag: string, digest: string): string {
  return digest !== '' && !tag.includes('@') ? `${tag}@${digest}` : tag;
}

/**
 * Why `value` is not acceptable as an image tag or reference (CATALOG.md 17: non-empty, ≤ 255
 * characters, no whitespace, not starting with `:`, `@` or `-`), or `undefined` when it is. The
 * leading `-` rule also keeps a reference from being read as an option by the builder.
 */
export function imageReferenceProblem(value: string): string | undefined {
  if (value === '') {
    return 'must not be empty';
  }
  if (value.length > 255) {
    return 'must be at most 255 characters';
  }
  if (/\s/.test(value)) {
    return 'must not contain whitespace';
  }
  if (/^[:@-]/.test(value)) {
    return 'must not start with ":", "@" or "-"';
  }
  return undefined;
}

const SHA256_DIGEST = /sha256:[0-9a-f]{64}/;

/** The first `sha256:<64 hex>` in a builder's output, or `undefined`. */
export function findSha256Digest(output: string): string | undefined {
  return SHA256_DIGEST.exec(output)?.[0];
}
