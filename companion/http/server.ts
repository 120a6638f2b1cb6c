/**
 * Listen on the loopback address unless the config opened the API to the network (http.listen): by default the
 * companion is never reachable from another machine.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import { LOOPBACK } from "./network.ts";

export { LOOPBACK };

export function listen(app: express.Express, port: number, address: string = LOOPBACK): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, address);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** The address the server is bound to (what a config reload cannot change until the next start). */
export function addressOf(server: Server): string {
  return (server.address() as AddressInfo).address;
}

/** Stop taking requests and end open streams (the SSE ones would keep close() waiting forever). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
