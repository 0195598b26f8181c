import { hmacSha256Hex } from "@burnrate/core";

/**
 * A webhook's signing secret, derived from the server secret and the webhook's identity rather
 * than stored: nothing to encrypt at rest, and it can be shown again to an admin.
 */
export async function webhookSecret(
  serverSecret: string,
  projectId: string,
  webhookId: string,
): Promise<string> {
  return `whsec_${await hmacSha256Hex(serverSecret, `webhook\u0000${projectId}\u0000${webhookId}`)}`;
}
