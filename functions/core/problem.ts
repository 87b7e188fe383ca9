/**
 * RFC 9457 problem details. Every refusal the API gives is a ProblemError made from a
 * capability's error catalogue (`defineErrors`, one `errors.ts` per capability: each code
 * with one status and one zh-CN message); anything else becomes a bare 500.
 */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://essc.dev/problems/';

export interface ProblemOptions {
  errors?: FieldError[];
  /** Extra members of the problem body (attemptsLeft, lockedUntil, …). */
  extensions?: Record<string, unknown>;
  /** Response headers (Retry-After, …). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(status: number, code: string, detail: string, opts: ProblemOptions = {}) {
    super(detail, { cause: opts.cause });
    this.status = status;
    this.code = code;
    this.title = STATUS_TITLES[status] ?? 'Error';
    this.errors = opts.errors;
    this.extensions = opts.extensions;
    this.headers = opts.headers;
  }

  toBody(): ProblemBody {
    return {
      type: TYPE_BASE + this.code,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A code's entry in a catalogue: its status and its message (a template when it has parameters). */
export type ErrorEntry = readonly [status: number, message: string | ((params: never) => string)];

type ParamsOf<E extends ErrorEntry> = E[1] extends (params: infer P) => string ? P : undefined;
type Args<E extends ErrorEntry> = ParamsOf<E> extends undefined
  ? [opts?: ProblemOptions]
  : [params: ParamsOf<E>, opts?: ProblemOptions];

export interface ErrorCatalogue<T extends Record<string, ErrorEntry>> {
  /** The problem for `code`, with its one status and message. */
  problem<K extends keyof T & string>(code: K, ...args: Args<T[K]>): ProblemError;
  /** The catalogue itself: code → [status, message]. */
  readonly entries: T;
}

/**
 * A capability's error catalogue. Codes are unique across catalogues (a unit test checks);
 * a capability that refuses with another's code imports that capability's catalogue.
 */
export function defineErrors<const T extends Record<string, ErrorEntry>>(entries: T): ErrorCatalogue<T> {
  return {
    entries,
    problem(code, ...args) {
      const [status, message] = entries[code]!;
      const hasParams = typeof message === 'function';
      const params = hasParams ? args[0] : undefined;
      const opts = (hasParams ? args[1] : args[0]) as ProblemOptions | undefined;
      const detail = typeof message === 'function' ? (message as (p: unknown) => string)(params) : message;
      return new ProblemError(status, code, detail, opts);
    },
  };
}

/** The one problem that says nothing of what went wrong: an unexpected error, logged. */
export function internalError(): ProblemError {
  return new ProblemError(500, 'internal_error', '服务器内部错误，已记录，请稍后再试。');
}
