/** What an agent id may look like: a UUID, a slug of the user's choosing, or a generated `agt_…`. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function newAgentId(): string {
  return `agt_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
}
