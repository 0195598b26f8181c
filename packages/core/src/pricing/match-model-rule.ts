import type { MatchRule } from "./price-book-data.js";

/** How a wire model id met a price-book rule: `exact` names that model; `loose` maps a different id onto it. */
export type MatchStrength = "exact" | "loose";

/**
 * What may follow a matched prefix and still name the same model: a dated snapshot
 * (-20250514, -2024-08-06, @20250514), -latest, Google's stable version (-001), or a Bedrock
 * version (-v1:0). Anything else (-preview-06-05, -v2, -banana) is another model mapped on by
 * the prefix: a loose match.
 */
const SAME_MODEL_SUFFIX = /(?:(?:-|@)(\d{8}|\d{4}-\d{2}-\d{2})|-\d{3}|-latest|@latest)?(?:-v\d+(?::\d+)?)?$/;

/**
 * What may precede a contained model id and still name it: a Bedrock geography and the model
 * vendor (`us.amazon.`, `anthropic.`), as Bedrock's inference profiles and model ids write them.
 */
const SAME_MODEL_PREFIX =
  /^(?:(?:us|eu|apac|au|jp|ca|in|global|us-gov)\.)?(?:(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|nvidia|google|moonshot|minimax)\.)?$/;

/**
 * How `id` matches when its first `matchedLength` characters met a prefix (or a contains rule at
 * index 0). Prefixes may reach into the snapshot date (`claude-sonnet-4-2025`), so the id's own
 * same-model suffix is found first and only the part between the prefix and it must be empty.
 */
function prefixStrength(id: string, matchedLength: number, at: number): MatchStrength {
  const suffix = SAME_MODEL_SUFFIX.exec(id)!;
  if (matchedLength < suffix.index) return "loose";
  const date = suffix[1];
  if (date === undefined) return "exact";
  // A snapshot dated after the call cannot be the one that served it.
  const iso = date.includes("-") ? date : `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) || time > at ? "loose" : "exact";
}

const weaker = (a: MatchStrength, b: MatchStrength): MatchStrength =>
  a === "loose" || b === "loose" ? "loose" : "exact";

/**
 * Evaluates an upstream match rule against a normalized (lowercased) model id at event time `at`,
 * saying how strongly it matched. A regex inside `and` only filters; alone it is a loose match.
 */
export function matchModelRule(
  rule: MatchRule,
  id: string,
  at: number,
  insideAnd = false,
): MatchStrength | undefined {
  if ("equals" in rule) return id === rule.equals.toLowerCase() ? "exact" : undefined;
  if ("starts_with" in rule) {
    const prefix = rule.starts_with.toLowerCase();
    return id.startsWith(prefix) ? prefixStrength(id, prefix.length, at) : undefined;
  }
  if ("contains" in rule) {
    const needle = rule.contains.toLowerCase();
    const index = id.indexOf(needle);
    if (index < 0) return undefined;
    return SAME_MODEL_PREFIX.test(id.slice(0, index))
      ? prefixStrength(id, index + needle.length, at)
      : "loose";
  }
  if ("ends_with" in rule)
    return id.endsWith(rule.ends_with.toLowerCase())
      ? id === rule.ends_with.toLowerCase()
        ? "exact"
        : "loose"
      : undefined;
  if ("regex" in rule)
    return new RegExp(rule.regex, "i").test(id) ? (insideAnd ? "exact" : "loose") : undefined;
  if ("or" in rule) {
    let best: MatchStrength | undefined;
    for (const child of rule.or) {
      const strength = matchModelRule(child, id, at);
      if (strength === "exact") return "exact";
      best ??= strength;
    }
    return best;
  }
  let result: MatchStrength = "exact";
  for (const child of rule.and) {
    const strength = matchModelRule(child, id, at, true);
    if (strength === undefined) return undefined;
    result = weaker(result, strength);
  }
  return result;
}
