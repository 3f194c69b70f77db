import type { CodeableConcept, Coding } from 'fhir/r4';
import { FhirError } from '../../terminology/issues';
import { msg } from '../../terminology/messages';
import type { OperationContext, OperationInput } from './operation';
import type { CodingToCheck, ValidationOptions } from '../../terminology/validate';
import type { VersionEntry } from '../../terminology/model';
import type { Snapshot } from '../../terminology/snapshot';

/** The code system a CodeSystem instance-level call names: `CodeSystem/ncmp-2014/$lookup` → NCMP 2014. */
export function instanceVersion(snapshot: Snapshot, id: string | undefined): VersionEntry | undefined {
  if (id === undefined) return undefined;
  const version = snapshot.versionByResourceId(id);
  if (!version) throw FhirError.notFound(msg('NCMP_RESOURCE_NOT_FOUND', `CodeSystem/${id}`));
  return version;
}

/**
 * The single coding an operation is asked about, from `code`+`system`(+`version`) or `coding`
 * (exactly one of the two forms), with instance-level pinning applied.
 */
export function singleCoding(
  input: OperationInput,
  names: { code: string; system: string; version: string; coding: string },
  instance: VersionEntry | undefined,
  snapshot: Snapshot,
): { coding: Coding; form: 'code' | 'coding' } {
  const code = input.string(names.code);
  const coding = input.coding(names.coding);
  if (code !== undefined && coding !== undefined) {
    throw FhirError.invalid(msg('NCMP_CODE_AND_CODING', names.code, names.coding), [names.code, names.coding]);
  }
  if (code === undefined && coding === undefined) {
    throw FhirError.invalid(msg('NCMP_CODE_OR_CODING_REQUIRED', names.code, names.system, names.coding), [names.code]);
  }
  const given: Coding = coding ?? { code, system: input.string(names.system), version: input.string(names.version) };
  const form = coding ? 'coding' : 'code';
  if (given.code === undefined) throw FhirError.invalid(msg('NCMP_CODING_WITHOUT_CODE', names.coding), [`${names.coding}.code`]);
  if (instance) {
    if (given.system !== undefined && snapshot.system(given.system) !== instance.system) {
      throw FhirError.invalid(
        msg('NCMP_SYSTEM_NOT_THE_INSTANCE', given.system, instance.resourceId, instance.system.url),
        [form === 'code' ? names.system : `${names.coding}.system`],
      );
    }
    if (given.version !== undefined && given.version !== instance.version) {
      throw FhirError.invalid(
        msg('NCMP_VERSION_NOT_THE_INSTANCE', given.version, instance.resourceId, instance.version),
        [form === 'code' ? names.version : `${names.coding}.version`],
      );
    }
    return { coding: { ...given, system: instance.system.url, version: instance.version }, form };
  }
  if (given.system === undefined) {
    throw FhirError.invalid(msg('NCMP_PARAM_REQUIRED_WITH', names.system, names.code), [form === 'code' ? names.system : `${names.coding}.system`]);
  }
  return { coding: given, form };
}

/** The codings to check, from exactly one of code(+url), coding or codeableConcept. */
export function codingsToCheck(
  input: OperationInput,
  names: { system: string; version: string },
): { codings: CodingToCheck[]; codeableConcept: CodeableConcept | undefined } {
  const code = input.string('code');
  const coding = input.coding('coding');
  const cc = input.codeableConcept('codeableConcept');
  const forms = [code !== undefined, coding !== undefined, cc !== undefined].filter(Boolean).length;
  if (forms === 0) throw FhirError.invalid(msg('Unable_to_find_code_to_validate'), ['code']);
  if (forms > 1) throw FhirError.invalid(msg('NCMP_CODED_INPUT_ONE_ONLY'), ['code', 'coding', 'codeableConcept']);
  if (input.has('display') && code === undefined) {
    throw FhirError.invalid(msg('NCMP_DISPLAY_WITHOUT_CODE'), ['display']);
  }
  if (code !== undefined) {
    return {
      codeableConcept: undefined,
      codings: [
        {
          system: input.string(names.system),
          code,
          version: input.string(names.version),
          display: input.string('display'),
          // tx.fhir.org points at `version` for the code form, whichever parameter carried it.
          paths: { system: names.system, code: 'code', display: 'display', version: 'version' },
        },
      ],
    };
  }
  const list = coding ? [coding] : (cc!.coding ?? []);
  if (list.length === 0) throw FhirError.invalid(msg('NCMP_CODEABLECONCEPT_WITHOUT_CODING'), ['codeableConcept.coding']);
  return {
    codeableConcept: cc,
    codings: list.map((c, i) => {
      const at = coding ? 'Coding' : `CodeableConcept.coding[${i}]`;
      if (c.code === undefined) throw FhirError.invalid(msg('NCMP_CODING_WITHOUT_CODE', at), [`${at}.code`]);
      return {
        system: c.system,
        code: c.code,
        version: c.version,
        display: c.display,
        paths: { system: `${at}.system`, code: `${at}.code`, display: `${at}.display`, version: `${at}.version` },
      };
    }),
  };
}

/** Whether a value is a language tag or a list of them (`de`, `de-CH, en; q=0.5`, `*`). */
function isLanguageList(value: string): boolean {
  return value.split(',').every((part) => /^\s*(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)\s*(;\s*q\s*=\s*[01](\.\d{0,3})?\s*)?$/.test(part));
}

/** The options both $validate-code operations read the same way. */
export function validationOptions(input: OperationInput, ctx: OperationContext): ValidationOptions {
  const displayLanguage = input.string('displayLanguage');
  if (displayLanguage !== undefined && !isLanguageList(displayLanguage)) {
    throw new FhirError(400, { severity: 'error', code: 'processing', txType: 'invalid-display', ...msg('INVALID_DISPLAY_NAME', displayLanguage) });
  }
  return {
    date: input.date('date'),
    abstract: input.boolean('abstract'),
    displayLanguage: displayLanguage ?? ctx.acceptLanguage,
    lenientDisplay: input.boolean('lenient-display-validation') ?? false,
  };
}
