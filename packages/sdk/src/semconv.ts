/** Header names the SDK sends (the same as core's semconv, kept here so the bundle stays small). */
export const HEADER_API_KEY = "x-api-key";
