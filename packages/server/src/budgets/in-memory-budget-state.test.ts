import { InMemoryBudgetState } from "./in-memory-budget-state.js";
import { runBudgetStateConformance } from "./testing/budget-state-conformance.js";

runBudgetStateConformance("in-process", async () => new InMemoryBudgetState());
