/** Listen on the loopback address only: the companion is never reachable from another machine. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";

export const LOOPBACK = "127.0.0.1";

export function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, LOOPBACK);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stop taking requests and end open streams (the SSE ones would keep close() waiting forever). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
