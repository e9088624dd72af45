const DEFAULT_REGISTRY = 'docker.io';

/**
 * Registry host of an image reference (API.md 7.6): the first `/`-segment when it looks like a
 * host (contains `.` or `:`, or is `localhost`), otherwise Docker Hub.
 */
export function registryHostOf(imageRef: string): string {
  const slash = imageRef.indexOf('/');
  if (slash < 0) {
    return DEFAULT_REGISTRY;
  }
  const first = imageRef.slice(0, slash);
  const looksLikeHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return looksLikeHost ? first : DEFAULT_REGISTRY;
}
