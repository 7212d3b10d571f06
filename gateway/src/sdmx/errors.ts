// Errors the SDMX way: an HTTP status, the SDMX error code of the REST specification, and a
// message that says what is wrong and where (which key position, which code, which parameter).

/** SDMX REST error codes by HTTP status (SDMX 2.1 section 7, "Error handling"). */
const SDMX_CODES: Record<number, number> = { 400: 150, 404: 100, 406: 406, 413: 413, 500: 500, 501: 501, 503: 503 };
const TITLES: Record<number, string> = {
  100: 'No results found',
  140: 'Syntax error',
  150: 'Semantic error',
  406: 'Not acceptable',
  413: 'Response too large',
  500: 'Internal server error',
  501: 'Not implemented',
  503: 'Service unavailable',
};

export class SdmxError extends Error {
  readonly code: number;
  constructor(
    readonly status: number,
    message: string,
    code?: number,
  ) {
    super(message);
    this.code = code ?? SDMX_CODES[status] ?? 500;
  }
  get title(): string {
    return TITLES[this.code] ?? 'Error';
  }
}

export const noResults = (what = 'No data match the query') => new SdmxError(404, what);
export const semantic = (message: string) => new SdmxError(400, message);
export const syntax = (message: string) => new SdmxError(400, message, 140);
export const notImplemented = (what: string) => new SdmxError(501, `${what} is not implemented by migfed's SDMX API (see the README)`);
