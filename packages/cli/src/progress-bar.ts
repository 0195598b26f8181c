/** A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = stream.isTTY === true;
  let lastDraw = 0;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (!enabled || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`,
      );
    },
    finish() {
      if (enabled) stream.write("\n");
    },
  };
}
