/**
 * What the host Excel has beyond the manifest's ExcelApi 1.10, checked at run time: the add-in
 * still runs on hosts without them, and uses them where they are there.
 */
export interface HostFeatures {
  /** `Table.resize` (ExcelApi 1.13). */
  tableResize: boolean;
  /** `workbook.notes` (ExcelApi 1.18). */
  notes: boolean;
}

const supports = (version: string): boolean => {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return office?.context?.requirements?.isSetSupported('ExcelApi', version) ?? false;
  } catch {
    return false;
  }
};

/** The running host's features; none of them when there is no Office (tests say theirs). */
export const hostFeatures = (): HostFeatures => ({ tableResize: supports('1.13'), notes: supports('1.18') });
