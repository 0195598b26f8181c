import { createServer, type Server, type Socket } from "node:net";

/**
 * A server that greets like Redis (RESP2: HELLO refused, CLIENT and INFO answered) and then never
 * answers a command: a Redis that hangs, as under a long script or a stalled host. Listens on a
 * loopback port; close() drops its connections.
 */
export async function startStuckRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("data", (data) => {
      for (const [, name] of data.toString().matchAll(/\*\d+\r\n\$\d+\r\n(\w+)/g)) {
        const command = name!.toLowerCase();
        if (command === "hello") socket.write("-ERR unknown command 'hello'\r\n");
        else if (command === "client") socket.write("+OK\r\n");
        else if (command === "info") socket.write("$11\r\nloading:0\r\n\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
