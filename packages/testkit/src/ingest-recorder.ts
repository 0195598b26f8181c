import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the recorder answers to the next POST: a status (and headers), or no answer at all. */
export type IngestReply = { status: number; headers?: Record<string, string> } | "hang";

export interface IngestRecorder {
  url: string;
  /** Every body received, as text, in order. */
  bodies: string[];
  /** Replies used in order; once they run out, every POST gets 200. */
  replies: IngestReply[];
  /** Resolves when `count` bodies have arrived. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A stand-in for the ingest endpoint that keeps what the SDK sends and answers as told. */
export async function startIngestRecorder(): Promise<IngestRecorder> {
  const bodies: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const hanging: ServerResponse[] = [];
  const recorder: IngestRecorder = {
    url: "",
    bodies,
    replies: [],
    received: (count) =>
      bodies.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      for (const waiter of waiters.filter((candidate) => bodies.length >= candidate.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const reply = recorder.replies.shift() ?? { status: 200 };
      if (reply === "hang") {
        hanging.push(response);
        return;
      }
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end('{"accepted":1,"rejected":0,"results":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recorder;
}
