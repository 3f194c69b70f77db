/** A third-party bundle of FHIR resources whose resources are all stored (see `server/import/fhir-core.ts`). */
export interface ShippedBundleTable {
  /** The bundle as `package@version/path`. */
  file: string;
  /** SHA-256 (hex) of the bundle's bytes as loaded. */
  sha256: string;
  resource_count: number;
}
