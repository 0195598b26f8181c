/** Header and attribute names, in one place. */
export const HEADER_API_KEY = "x-api-key";
export const HEADER_AUTHORIZATION = "authorization";
export const HEADER_REQUEST_ID = "x-request-id";
