const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * The `model` a JSON request body names, read lazily (only when the response names none) from a
 * string or bytes body, which are never altered; other bodies (streams, forms) are not touched.
 */
export function readRequestModel(body: unknown): string | undefined {
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    if (body.byteLength <= MAX_REQUEST_BYTES) text = new TextDecoder().decode(body);
  }
  if (text === undefined || text.length > MAX_REQUEST_BYTES) return undefined;
  try {
    const parsed = JSON.parse(text) as { model?: unknown };
    return typeof parsed?.model === "string" && parsed.model !== "" ? parsed.model : undefined;
  } catch {
    return undefined;
  }
}
