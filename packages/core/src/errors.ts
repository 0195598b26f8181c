/** Stable error codes: clients and docs rely on them, so never rename one. */
export const ERROR_CODES = {
  badRequest: "BR_ERR_BAD_REQUEST",
  invalidJson: "BR_ERR_INVALID_JSON",
  validation: "BR_ERR_VALIDATION",
  unauthenticated: "BR_ERR_UNAUTHENTICATED",
  forbidden: "BR_ERR_FORBIDDEN",
  notFound: "BR_ERR_NOT_FOUND",
  conflict: "BR_ERR_CONFLICT",
  payloadTooLarge: "BR_ERR_PAYLOAD_TOO_LARGE",
  tooManyEvents: "BR_ERR_TOO_MANY_EVENTS",
  unsupportedMediaType: "BR_ERR_UNSUPPORTED_MEDIA_TYPE",
  storageUnavailable: "BR_ERR_STORAGE_UNAVAILABLE",
  internal: "BR_ERR_INTERNAL",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** One problem with one field of one input; `field` is a dotted path such as `metadata.user`. */
export interface FieldIssue {
  field: string;
  message: string;
}
