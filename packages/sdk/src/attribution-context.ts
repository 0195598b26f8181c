import type { Attribution } from "./options.js";

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, callback: () => R): R;
}

type AsyncLocalStorageConstructor = new <T>() => AsyncLocalStorageLike<T>;

/**
 * AsyncLocalStorage where the runtime has it (Node, Bun, Deno, Workers with nodejs_compat),
 * reached through `process.getBuiltinModule` so no `node:` import sits on the SDK's path.
 */
function createStorage(): AsyncLocalStorageLike<Attribution> | undefined {
  try {
    const runtime = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    const hooks = runtime.process?.getBuiltinModule?.("node:async_hooks") as
      | { AsyncLocalStorage?: AsyncLocalStorageConstructor }
      | undefined;
    return hooks?.AsyncLocalStorage === undefined ? undefined : new hooks.AsyncLocalStorage<Attribution>();
  } catch {
    return undefined;
  }
}

const storage = createStorage();
/** Without AsyncLocalStorage, the attribution holds for the synchronous part of `fn` only. */
let synchronousAttribution: Attribution | undefined;

/** The attribution in force for the current call. */
export function currentAttribution(): Attribution | undefined {
  return storage === undefined ? synchronousAttribution : storage.getStore();
}

/** Runs `fn` with attribution labels that every captured call inside it carries (nested calls merge). */
export function withBurnrate<R>(attribution: Attribution, fn: () => R): R {
  const merged = { ...currentAttribution(), ...attribution };
  if (storage !== undefined) return storage.run(merged, fn);
  const previous = synchronousAttribution;
  synchronousAttribution = merged;
  try {
    return fn();
  } finally {
    synchronousAttribution = previous;
  }
}
