/**
 * Typed errors thrown by services and mapped to HTTP in one place (http/error-handler.ts).
 * Messages are Chinese first, because residents and staff read them; `messageEn` follows.
 */
export interface FieldProblem {
  /** Dotted path of the field in the request, e.g. `contact.phone`. */
  readonly field: string;
  /** Machine-readable rule that failed, e.g. `required`, `length`, `format`. */
  readonly rule: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends AppError {
  readonly code = 'validation_failed';
  constructor(readonly fields: readonly FieldProblem[]) {
    super(
      `提交的内容有误：${fields.map((f) => `${f.field} ${f.message}`).join('；')}`,
      `Invalid request: ${fields.map((f) => `${f.field} (${f.rule})`).join(', ')}`,
    );
  }
}

export class NotFound extends AppError {
  readonly code = 'not_found';
}

export class Conflict extends AppError {
  readonly code = 'conflict';
}

export class ServiceUnavailable extends AppError {
  readonly code = 'service_unavailable';
}

export class TooManyRequests extends AppError {
  readonly code = 'too_many_requests';
  readonly statusCode = 429;
}
