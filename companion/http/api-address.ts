/**
 * Where this companion's API is reachable: the HTTP server's port and address once it listens. Services opened
 * before it (the Redis queue hands workers the URL they fetch models from) ask it later, instead of holding the
 * daemon itself.
 */
import type { Server } from "node:http";
import type { HttpSettings } from "../config/schema.ts";
import { advertisedUrl } from "./network.ts";
import { addressOf, portOf } from "./server.ts";

export class ApiAddress {
  private server: Server | null = null;

  constructor(private readonly http: () => HttpSettings) {}

  /** The server now listening (the composition root calls this once). */
  bind(server: Server): void {
    this.server = server;
  }

  port(): number {
    return this.server ? portOf(this.server) : 0;
  }

  /** The address the server is bound to (the configured one until it listens). */
  listenAddress(): string {
    return this.server ? addressOf(this.server) : this.http().listen;
  }

  /** Where workers on other machines fetch models (undefined until the companion listens). */
  modelSourceUrl(): string | undefined {
    return this.server ? advertisedUrl(this.http(), this.port()) : undefined;
  }
}
