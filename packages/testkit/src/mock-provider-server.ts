import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadProviderFixture } from "./load-provider-fixture.js";

/** A request as the mock provider received it, byte for byte. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface MockProviderServer {
  /** e.g. http://127.0.0.1:PORT; OpenAI under `/openai/v1`, Anthropic under `/anthropic`, Gemini under `/gemini`, Bedrock under `/bedrock`. */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Models that make the mock misbehave: `fail-429` and `fail-500` answer with the provider's
 * documented error body; `truncated-stream` cuts a stream mid-event and drops the connection;
 * `malformed-stream` sends broken SSE and binary junk.
 */
export const MOCK_FAILURE_MODELS = ["fail-429", "fail-500", "truncated-stream", "malformed-stream"] as const;

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };
const JSON_HEADERS = { "content-type": "application/json" };

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Writes a stream in two uneven pieces, so the client sees it split mid-event. */
function writeStream(response: ServerResponse, payload: Buffer, headers: Record<string, string>) {
  response.writeHead(200, { ...headers, "x-request-id": "req_mock_stream" });
  const cut = Math.floor(payload.length / 3);
  response.write(payload.subarray(0, cut));
  setImmediate(() => response.end(payload.subarray(cut)));
}

function writeJson(
  response: ServerResponse,
  status: number,
  payload: Buffer,
  extra: Record<string, string> = {},
) {
  response.writeHead(status, { ...JSON_HEADERS, "x-request-id": "req_mock_json", ...extra });
  response.end(payload);
}

function writeMisbehaviour(response: ServerResponse, model: string, folder: string, stream: Buffer): boolean {
  if (model === "fail-429") {
    writeJson(response, 429, loadProviderFixture(`${folder}/__fixtures__/error-429.json`), {
      "retry-after": "2",
    });
    return true;
  }
  if (model === "fail-500") {
    writeJson(response, 500, loadProviderFixture(`${folder}/__fixtures__/error-500.json`));
    return true;
  }
  if (model === "truncated-stream") {
    response.writeHead(200, SSE_HEADERS);
    response.write(stream.subarray(0, Math.floor(stream.length / 2)), () => response.destroy());
    return true;
  }
  if (model === "malformed-stream") {
    response.writeHead(200, SSE_HEADERS);
    response.end(
      Buffer.concat([
        Buffer.from('data: {"usage": {"prompt_tokens": \r\n\r\ndata: {{{{\n\nevent: x\r\ndata'),
        Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0xc3, 0x28, 0x0a, 0x0a]),
        Buffer.from("data: [DONE]\n"),
      ]),
    );
    return true;
  }
  return false;
}

async function handle(request: IncomingMessage, response: ServerResponse, requests: ReceivedRequest[]) {
  const body = await readBody(request);
  requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
  const url = new URL(request.url ?? "/", "http://mock");
  const json = parseJson(body);
  const stream = json.stream === true;
  if (url.pathname === "/openai/v1/chat/completions") {
    const includeUsage =
      (json.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const sse = loadProviderFixture(
      `openai-compatible/__fixtures__/chat-stream-${includeUsage ? "with" : "without"}-usage.sse`,
    );
    if (writeMisbehaviour(response, String(json.model), "openai-compatible", sse)) return;
    if (stream) return writeStream(response, sse, SSE_HEADERS);
    return writeJson(
      response,
      200,
      loadProviderFixture("openai-compatible/__fixtures__/chat-completion.json"),
    );
  }
  if (url.pathname === "/openai/v1/responses") {
    const sse = loadProviderFixture("openai-compatible/__fixtures__/responses-stream.sse");
    if (writeMisbehaviour(response, String(json.model), "openai-compatible", sse)) return;
    if (stream) return writeStream(response, sse, SSE_HEADERS);
    return writeJson(response, 200, loadProviderFixture("openai-compatible/__fixtures__/responses.json"));
  }
  if (url.pathname === "/anthropic/v1/messages") {
    const sse = loadProviderFixture("anthropic/__fixtures__/message-stream.sse");
    if (writeMisbehaviour(response, String(json.model), "anthropic", sse)) return;
    if (stream) return writeStream(response, sse, SSE_HEADERS);
    return writeJson(response, 200, loadProviderFixture("anthropic/__fixtures__/message.json"));
  }
  const gemini = url.pathname.match(
    /^\/gemini\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/,
  );
  if (gemini !== null) {
    const alt = url.searchParams.get("alt") === "sse";
    const streamed = gemini[2] === "streamGenerateContent";
    const payload = loadProviderFixture(
      `gemini/__fixtures__/${streamed ? `stream-generate-content.${alt ? "sse" : "json"}` : "generate-content.json"}`,
    );
    if (writeMisbehaviour(response, gemini[1] ?? "", "gemini", payload)) return;
    if (streamed) return writeStream(response, payload, alt ? SSE_HEADERS : JSON_HEADERS);
    return writeJson(response, 200, payload);
  }
  const bedrock = url.pathname.match(/^\/bedrock\/model\/([^/]+)\/(converse-stream|invoke)$/);
  if (bedrock !== null) {
    const streamed = bedrock[2] === "converse-stream";
    const payload = loadProviderFixture(
      `bedrock/__fixtures__/${streamed ? "converse-stream.eventstream" : "invoke-anthropic.json"}`,
    );
    if (streamed)
      return writeStream(response, payload, { "content-type": "application/vnd.amazon.eventstream" });
    return writeJson(response, 200, payload);
  }
  writeJson(response, 404, Buffer.from('{"error":{"message":"not found"}}'));
}

/** A loopback HTTP server replaying the providers' documented payloads (fixtures in core). */
export async function startMockProviderServer(): Promise<MockProviderServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    handle(request, response, requests).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
