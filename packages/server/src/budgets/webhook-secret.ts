const toHex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * A webhook's signing secret, derived from the server secret and the webhook's identity rather
 * than stored: nothing to encrypt at rest, and it can be shown again to an admin. WebCrypto, so it
 * runs wherever the app does.
 */
export async function webhookSecret(
  serverSecret: string,
  projectId: string,
  webhookId: string,
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(serverSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    encoder.encode(`webhook\u0000${projectId}\u0000${webhookId}`),
  );
  return `whsec_${toHex(mac)}`;
}
