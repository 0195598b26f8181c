import { ERROR_CODES, type ErrorCode, type FieldIssue } from "@burnrate/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An error that becomes one JSON body: `{ "error": { "code", "message", "issues"? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, issues?: FieldIssue[]) {
  return { error: issues === undefined ? { code, message } : { code, message, issues } };
}

/** The one place where thrown errors become responses. Unknown errors never leak their text. */
export function respondToError(error: unknown, c: Context): Response {
  if (error instanceof HttpError)
    return c.json(errorBody(error.code, error.message, error.issues), error.status);
  console.error("burnrate: unhandled error", error instanceof Error ? error.stack : error);
  return c.json(errorBody(ERROR_CODES.internal, "internal error"), 500);
}

export function validationError(issues: FieldIssue[], what = "request"): HttpError {
  const first = issues[0];
  const summary = first === undefined ? "" : `: ${first.field || "body"} ${first.message}`;
  return new HttpError(400, ERROR_CODES.validation, `invalid ${what}${summary}`, issues);
}
