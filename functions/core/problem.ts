/**
 * RFC 9457 problem details. Every refusal the API gives is a ProblemError (or a subclass
 * declared by the domain module that refuses); anything else becomes a bare 500.
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

export class ProblemError extends Error {
  override name = 'ProblemError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;
  /** Only 4xx details are shown to the caller. */
  readonly expose: boolean;

  constructor(
    status: number,
    code: string,
    detail: string,
    opts: {
      title?: string;
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: opts.cause });
    this.status = status;
    this.code = code;
    this.title = opts.title ?? defaultTitle(status);
    this.errors = opts.errors;
    this.extensions = opts.extensions;
    this.expose = status < 500;
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

export class BadRequest extends ProblemError {
  override name = 'BadRequest';
  constructor(code: string, detail: string, errors?: FieldError[], cause?: unknown) {
    super(400, code, detail, { errors, cause });
  }
}

export class Unauthorized extends ProblemError {
  override name = 'Unauthorized';
  constructor(code: string, detail: string, cause?: unknown) {
    super(401, code, detail, { cause });
  }
}

export class Forbidden extends ProblemError {
  override name = 'Forbidden';
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(403, code, detail, { extensions });
  }
}

export class NotFound extends ProblemError {
  override name = 'NotFound';
  constructor(code: string, detail: string) {
    super(404, code, detail);
  }
}

export class Conflict extends ProblemError {
  override name = 'Conflict';
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(409, code, detail, { extensions });
  }
}

/** A well-formed request the domain refuses (a rule, not the syntax). */
export class Unprocessable extends ProblemError {
  override name = 'Unprocessable';
  constructor(code: string, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
    super(422, code, detail, { errors, extensions });
  }
}

export class Locked extends ProblemError {
  override name = 'Locked';
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(423, code, detail, { extensions });
  }
}

export class UpstreamUnavailable extends ProblemError {
  override name = 'UpstreamUnavailable';
  constructor(code: string, detail: string, cause?: unknown) {
    super(503, code, detail, { cause });
    (this as { expose: boolean }).expose = true;
  }
}

function defaultTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    423: 'Locked',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Error';
}
