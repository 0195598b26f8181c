import type { z } from "zod";
import { validationError } from "./http-error.js";

/** Validates input with a zod schema; a failure is a 400 naming each field and what is wrong with it. */
export function parseWithSchema<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw validationError(
      result.error.issues.map((issue) => ({
        field: issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : ""),
        message: issue.message,
      })),
      what,
    );
  }
  return result.data;
}
