// The part of @lhncbc/ucum-lhc (which ships no types) that `ucum.ts` uses.
declare module '@lhncbc/ucum-lhc' {
  /** The answer of `validateUnitString`. */
  export interface UcumValidation {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    unit: { code: string; name: string; guidance?: string } | null;
    msg: string[];
  }
  export class UcumLhcUtils {
    static getInstance(): UcumLhcUtils;
    validateUnitString(unit: string, suggest?: boolean, valConv?: 'validate' | 'convert'): UcumValidation;
  }
}
