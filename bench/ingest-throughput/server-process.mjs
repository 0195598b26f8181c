import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const running = new Set();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A port free on 127.0.0.1 right now (the server is told it with --port, so its URL is known). */
export async function findFreePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

/** Runs `node [nodeFlags] args…` in a fresh process and resolves once its stdout shows `readyText`. */
export async function startServerProcess(args, readyText, nodeFlags = [], env = {}) {
  const child = spawn(process.execPath, [...nodeFlags, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  await new Promise((resolve, reject) => {
    const settle = (error) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      if (error) {
        child.kill("SIGKILL");
        reject(error);
      } else resolve();
    };
    const onExit = (code) =>
      settle(new Error(`server exited (code ${code}) before "${readyText}": ${output}`));
    const timer = setTimeout(
      () => settle(new Error(`no "${readyText}" within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.once("exit", onExit);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes(readyText)) settle();
    });
  });
  return { stop: () => stopProcess(child) };
}

/** SIGTERM (the server finishes requests in flight and closes its store), then SIGKILL if it hangs. */
async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
