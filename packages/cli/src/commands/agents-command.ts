import { AGENT_ID_PATTERN } from "@burnrate/core";
import { presentAgent } from "@burnrate/server";
import { type AgentPatch, newAgent, StorageConflictError } from "@burnrate/storage";
import { Command } from "commander";
import { CliError, checkProjectId } from "../cli-error.js";
import { type DataDirOptions, withStorage } from "../open-data-dir.js";
import { printTable } from "../print-table.js";
import { addStorageOptions } from "../storage-options.js";

type ProjectOptions = DataDirOptions & { project: string; json?: boolean };
const collect = (value: string, previous: string[] = []) => [...previous, value];

function withCommon(command: Command): Command {
  return addStorageOptions(
    command.requiredOption("--project <project>", "the agent's project").option("--json", "print JSON"),
  );
}

function show(agent: Parameters<typeof presentAgent>[0], json: boolean | undefined): void {
  const shown = presentAgent(agent);
  if (json) {
    console.log(JSON.stringify(shown));
    return;
  }
  console.log(
    `${shown.id}  ${shown.name}  [${shown.status}]${shown.tags.length ? `  tags: ${shown.tags.join(", ")}` : ""}`,
  );
  if (shown.description) console.log(`  ${shown.description}`);
}

export function agentsCommand(): Command {
  const agents = new Command("agents").description(
    "manage the agents registry (events name an agent by its id)",
  );

  withCommon(agents.command("create").description("register an agent"))
    .requiredOption("--name <name>", "display name")
    .option("--id <id>", "a stable id of your choosing (default: generated)")
    .option("--description <text>", "what the agent does")
    .option("--tag <tag>", "a tag (repeatable)", collect)
    .action(
      async (
        options: ProjectOptions & { name: string; id?: string; description?: string; tag?: string[] },
      ) => {
        const projectId = checkProjectId(options.project);
        if (options.id !== undefined && !AGENT_ID_PATTERN.test(options.id)) {
          throw new CliError(`invalid --id "${options.id}": use 1-128 letters, digits or . _ : -`);
        }
        await withStorage(
          options,
          async (storage) => {
            const agent = newAgent(
              projectId,
              {
                name: options.name,
                ...(options.id === undefined ? {} : { id: options.id }),
                ...(options.tag === undefined ? {} : { tags: options.tag }),
                ...(options.description === undefined ? {} : { description: options.description }),
              },
              Date.now(),
            );
            try {
              await storage.agents.create(agent);
            } catch (error) {
              if (error instanceof StorageConflictError) throw new CliError(error.message, 1);
              throw error;
            }
            show(agent, options.json);
          },
          { create: true },
        );
      },
    );

  withCommon(agents.command("list").description("list agents"))
    .option("--all", "include archived agents")
    .action(async (options: ProjectOptions & { all?: boolean }) => {
      await withStorage(options, async (storage) => {
        const list = (
          await storage.agents.list(options.project, { includeArchived: options.all === true })
        ).map(presentAgent);
        if (options.json) return console.log(JSON.stringify(list));
        printTable(
          ["ID", "NAME", "STATUS", "TAGS", "CREATED"],
          list.map((agent) => [agent.id, agent.name, agent.status, agent.tags.join(","), agent.createdAt]),
        );
      });
    });

  withCommon(agents.command("show").description("show one agent"))
    .argument("<id>", "agent id")
    .action(async (id: string, options: ProjectOptions) => {
      await withStorage(options, async (storage) => {
        const agent = await storage.agents.get(options.project, id);
        if (agent === undefined) throw new CliError(`no agent "${id}" in project "${options.project}"`, 1);
        show(agent, options.json);
      });
    });

  const update = async (id: string, options: ProjectOptions, patch: AgentPatch) => {
    await withStorage(options, async (storage) => {
      const agent = await storage.agents.update(options.project, id, patch, Date.now());
      if (agent === undefined) throw new CliError(`no agent "${id}" in project "${options.project}"`, 1);
      show(agent, options.json);
    });
  };

  withCommon(agents.command("update").description("change an agent's name, description or tags"))
    .argument("<id>", "agent id")
    .option("--name <name>", "new display name")
    .option("--description <text>", "new description")
    .option("--tag <tag>", "replace the tags (repeatable)", collect)
    .action(
      async (
        id: string,
        options: ProjectOptions & { name?: string; description?: string; tag?: string[] },
      ) => {
        const patch: AgentPatch = {};
        if (options.name !== undefined) patch.name = options.name;
        if (options.description !== undefined) patch.description = options.description;
        if (options.tag !== undefined) patch.tags = options.tag;
        if (Object.keys(patch).length === 0)
          throw new CliError("nothing to update: pass --name, --description or --tag");
        await update(id, options, patch);
      },
    );

  withCommon(
    agents
      .command("archive")
      .description("archive an agent (its events stay; late events are still accepted)"),
  )
    .argument("<id>", "agent id")
    .action((id: string, options: ProjectOptions) => update(id, options, { archived: true }));

  withCommon(agents.command("unarchive").description("bring an archived agent back"))
    .argument("<id>", "agent id")
    .action((id: string, options: ProjectOptions) => update(id, options, { archived: false }));

  return agents;
}
