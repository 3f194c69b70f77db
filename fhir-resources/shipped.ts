import type { CodeSystem, ConceptMap } from 'fhir/r4';
import {
  NCMP_2021_CHANGES,
  NCMP_CHANGE_DOCUMENT_2021,
  PROJECT_PUBLISHER,
  SAERKODE_SUCCESSION_2021,
} from './ncmp-2021-facts';
import { buildNcmpFragmentCodeSystem } from './ncmp-fragment-code-system';
import { buildSaerkodeSuccessionConceptMap } from './saerkode-succession-concept-map';

/** The NCMP 2021 CodeSystem version (`ncmp-2021`, content `fragment`) built from the 2021 change document. */
export function ncmp2021Fragment(): CodeSystem {
  return buildNcmpFragmentCodeSystem({
    version: '2021',
    changes: NCMP_2021_CHANGES,
    source: NCMP_CHANGE_DOCUMENT_2021,
  });
}

/** The særkode → NCMP succession ConceptMap (`saerkode-to-ncmp`, version 2021). */
export function saerkodeToNcmpConceptMap(): ConceptMap {
  return buildSaerkodeSuccessionConceptMap({
    version: '2021',
    successions: SAERKODE_SUCCESSION_2021,
    ncmpConcepts: NCMP_2021_CHANGES,
    source: NCMP_CHANGE_DOCUMENT_2021,
    publisher: PROJECT_PUBLISHER,
  });
}

/**
 * The FHIR resources the project ships, loaded by the server at start-up into an empty database: the NCMP 2021
 * fragment and the særkode → NCMP ConceptMap. Built fresh on each call, so callers may modify the result.
 */
export function shippedResources(): (CodeSystem | ConceptMap)[] {
  return [ncmp2021Fragment(), saerkodeToNcmpConceptMap()];
}
