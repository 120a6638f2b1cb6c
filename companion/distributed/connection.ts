/**
 * Connections to Redis. BullMQ owns its connections (and their reconnection with backoff when Redis goes away
 * mid-batch); we only check once, at start, that the server answers, so an unreachable Redis is a clear error
 * naming the URL instead of a run that waits forever.
 */
import type { RedisOptions } from "bullmq";
import { Redis } from "ioredis";
import type { RedisTarget } from "./queue-url.ts";
import { redactSecrets } from "./redact-url.ts";

/** Reconnect after 0.2 s, 0.4 s … at most 5 s between tries: Redis restarting is survived, not reported. */
export function reconnectDelay(times: number): number {
  return Math.min(200 * 2 ** Math.min(times - 1, 5), 5000);
}

/** Options for every long-lived connection (BullMQ workers need maxRetriesPerRequest: null). */
export function connectionOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelay,
  };
}

/** A Redis that cannot be reached or refuses our password. */
export class RedisUnreachableError extends Error {
  override name = "RedisUnreachableError";
}

/** Connects once, without retrying, and PINGs; throws RedisUnreachableError naming the (redacted) URL. */
export async function probeRedis(target: RedisTarget, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...connectionOptions(target),
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
  });
  client.on("error", () => {}); // reported by connect()/ping() below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = redactSecrets(error instanceof Error ? error.message : String(error));
    throw new RedisUnreachableError(`cannot reach the Redis queue at ${target.shown}: ${reason}`);
  } finally {
    client.disconnect();
  }
}
