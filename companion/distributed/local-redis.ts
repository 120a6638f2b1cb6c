/**
 * A throwaway redis-server for tests and `bench:scale`: a free loopback port, a random password, no persistence.
 * Never the default port, never another interface. stop() ends exactly the process it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export const REDIS_SERVER = process.env.STRIDELIGHT_REDIS_SERVER ?? "/usr/bin/redis-server";

export interface LocalRedis {
  /** redis://:password@127.0.0.1:port/0: keep it out of logs (redactUrl). */
  readonly url: string;
  readonly port: number;
  readonly password: string;
  /** A plain client for measuring and inspecting (closed by stop()). */
  readonly client: Redis;
  stop(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

export async function startLocalRedis(
  port?: number,
  password = randomBytes(18).toString("hex"),
): Promise<LocalRedis> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    REDIS_SERVER,
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(chosen),
      "--requirepass",
      password,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const client = new Redis({
    host: "127.0.0.1",
    port: chosen,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  client.on("error", () => {}); // a stopped server is expected in the tests that stop it
  await until(
    () =>
      client.connect().then(
        () => true,
        () => (client.disconnect(), false),
      ),
    child,
  );
  return {
    url: `redis://:${password}@127.0.0.1:${chosen}/0`,
    port: chosen,
    password,
    client,
    stop: () => stopServer(child, client),
  };
}

async function until(probe: () => Promise<boolean>, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode})`);
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error("redis-server did not start within 5 s");
}

async function stopServer(child: ChildProcess, client: Redis): Promise<void> {
  client.disconnect();
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** A port the kernel just handed out on 127.0.0.1 (and closed again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
