import { Router } from 'express';
import type { Terminology } from '../terminology/terminology';

/** The FHIR API router. */
export function fhirRouter(_ctx: { terminology: Terminology; publicBaseUrl: string | undefined }): Router {
  return Router();
}
