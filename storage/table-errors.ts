/** @azure/data-tables puts the HTTP status on `statusCode`; `code` is often empty. */
export function tableStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export const isNotFound = (e: unknown) => tableStatus(e) === 404;
export const isConflict = (e: unknown) => tableStatus(e) === 409;
export const isPreconditionFailed = (e: unknown) => tableStatus(e) === 412;
