const SHA256 = /^[0-9a-f]{64}$/;

/** The object metadata of a new artifact, so listing and opening never read the whole object. */
export function artifactMetadata(
  sha256: string,
  createdAt: string,
  name: string,
): Record<string, string> {
  // Metadata travels as ASCII headers: the name is percent-encoded (operators' convenience;
  // the service reads the name back from the key, which S3 keeps as UTF-8).
  return {
    sha256,
    'created-at': createdAt,
    name: encodeURIComponent(name),
  };
}

/**
 * The stored SHA-256 when the object carries a well-formed one; undefined means the object was
 * not written by this service (no digest), so it is not an artifact.
 */
export function storedSha256(metadata: Record<string, string> | undefined): string | undefined {
  const sha256 = metadata?.['sha256'];
  return sha256 !== undefined && SHA256.test(sha256) ? sha256 : undefined;
}

/** When the service wrote the object, if the metadata says. */
export function storedCreatedAt(metadata: Record<string, string> | undefined): string | undefined {
  return metadata?.['created-at'];
}
