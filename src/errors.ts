/**
 * Typed errors thrown by services, each with the HTTP status it means; http/error-handler.ts turns
 * them into the one error body. Messages are Chinese first, because residents and staff read
 * them; `messageEn` follows.
 */
export interface FieldProblem {
  /** Dotted path of the field in the request, e.g. `contact.phone`. */
  readonly field: string;
  /** Machine-readable rule that failed, e.g. `isDefined`, `charLength`, `format`. */
  readonly rule: string;
  readonly message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
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
  readonly status = 400;
  constructor(readonly fields: readonly FieldProblem[]) {
    super(
      `提交的内容有误：${fields.map((f) => `${f.field} ${f.message}`).join('；')}`,
      `Invalid request: ${fields.map((f) => `${f.field} (${f.rule})`).join(', ')}`,
    );
  }
}

export class NotFound extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** The same Idempotency-Key arrived with a different body (draft-ietf-httpapi-idempotency-key). */
export class IdempotencyKeyReused extends AppError {
  readonly code = 'idempotency_key_reused';
  readonly status = 422;
  constructor() {
    super(
      '这个 Idempotency-Key 已用于另一份不同的反映，请换一个新的键再提交',
      'This Idempotency-Key was already used with a different request body',
    );
  }
}

export class TooManyRequests extends AppError {
  readonly code = 'too_many_requests';
  readonly status = 429;
}

/** A lifecycle action that this status or this actor does not allow; nothing was changed. */
export class InvalidTransition extends AppError {
  readonly code = 'invalid_transition';
  readonly status = 409;
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message, `Invalid transition: ${reason}`);
  }
}

/** Someone else changed the record since it was read (optimistic locking); reload and retry. */
export class StaleVersion extends AppError {
  readonly code = 'stale_version';
  readonly status = 409;
  constructor() {
    super('这条反映刚被其他人修改过，请刷新后再操作', 'The record was changed by someone else; reload and retry');
  }
}

/** No valid staff session: log in first. */
export class Unauthenticated extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

/** Wrong user name or password; which of the two is not said. */
export class LoginFailed extends AppError {
  readonly code = 'login_failed';
  readonly status = 401;
  constructor() {
    super('用户名或密码不正确', 'Wrong user name or password');
  }
}

/** Too many wrong passwords in a row: the account waits before it accepts another try. */
export class AccountLocked extends AppError {
  readonly code = 'account_locked';
  readonly status = 429;
  constructor(readonly minutes: number) {
    super(`密码错误次数过多，请 ${minutes} 分钟后再试`, `Too many failed logins; try again in ${minutes} min`);
  }
}

export class Forbidden extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
}

/** The bytes are not a photo the portal accepts (checked by content, not by name). */
export class UnsupportedMediaType extends AppError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

/** The server is shutting down (or its database is gone): try again shortly. */
export class ServiceUnavailable extends AppError {
  readonly code = 'shutting_down';
  readonly status = 503;
}
