import { ERROR_CODES } from "@burnrate/core";
import type { Context } from "hono";
import { HttpError } from "./http-error.js";

/** Parses the request body as JSON; the size limit is enforced before this by the body-limit middleware. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const contentType = c.req.header("content-type");
  if (contentType !== undefined && !/json|^text\/plain/i.test(contentType)) {
    throw new HttpError(
      415,
      ERROR_CODES.unsupportedMediaType,
      `expected a JSON body (application/json), got ${contentType}`,
    );
  }
  const text = await c.req.text();
  if (text.trim() === "")
    throw new HttpError(400, ERROR_CODES.invalidJson, "the request body is empty; expected JSON");
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unreadable";
    throw new HttpError(400, ERROR_CODES.invalidJson, `the request body is not valid JSON: ${detail}`);
  }
}
