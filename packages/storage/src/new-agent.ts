import { newAgentId } from "@burnrate/core";
import type { Agent } from "./storage.js";

export interface NewAgentFields {
  id?: string;
  name: string;
  description?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

/** A new agent record of a project, created now; the id is generated unless one is chosen. */
export function newAgent(projectId: string, fields: NewAgentFields, now: number): Agent {
  const agent: Agent = {
    id: fields.id ?? newAgentId(),
    projectId,
    name: fields.name,
    tags: fields.tags ?? [],
    createdAt: now,
    updatedAt: now,
  };
  if (fields.description !== undefined) agent.description = fields.description;
  if (fields.metadata !== undefined) agent.metadata = fields.metadata;
  return agent;
}
