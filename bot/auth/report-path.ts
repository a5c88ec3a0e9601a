/** The only paths a sign-in may return to: a report download on this server. */
const REFERENCE = 'ECR-\\d{4}-\\d{4,6}';
const FILE = new RegExp(`^(${REFERENCE})\\.docx$`);
const PATH = new RegExp(`^/reports/${REFERENCE}\\.docx$`);

/** The request reference a `/reports/<file>` names, or undefined. */
export function reportReference(file: string): string | undefined {
  return FILE.exec(file)?.[1];
}

export function reportPath(reference: string): string {
  return `/reports/${reference}.docx`;
}

/** Same-origin by construction: starts with one slash, then only this fixed shape. */
export function isReportPath(path: unknown): path is string {
  return typeof path === 'string' && PATH.test(path);
}
