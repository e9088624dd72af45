/** Raised at boot when the catalog breaks a rule of CATALOG.md 1.9; the process exits 1. */
export class CatalogIntegrityError extends Error {
  constructor(reason: string) {
    super(`catalog: ${reason}`);
    this.name = 'CatalogIntegrityError';
  }
}
