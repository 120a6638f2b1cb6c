/**
 * What the queue costs Redis per photo: commands clients sent (MONITOR lines not issued by a Lua script: each is
 * at most one round trip, fewer when pipelined), and bytes in and out (INFO stats, all connections).
 */
import type { Redis } from "ioredis";

export interface RedisTraffic {
  readonly commands: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Client commands by name (evalsha = one BullMQ script). */
  readonly byCommand: Record<string, number>;
}

export interface RedisMeter {
  stop(): Promise<RedisTraffic>;
}

/** Starts counting; `monitor` adds the per-command count (costs Redis a little: use on one run, not all). */
export async function meterRedis(client: Redis, monitor: boolean): Promise<RedisMeter> {
  const before = await netBytes(client);
  const byCommand: Record<string, number> = {};
  const watcher = monitor ? await client.monitor() : null;
  watcher?.on("monitor", (_time: string, args: string[], source: string) => {
    if (source.includes("lua")) return;
    const name = (args[0] ?? "?").toLowerCase();
    byCommand[name] = (byCommand[name] ?? 0) + 1;
  });
  return {
    async stop() {
      watcher?.disconnect();
      const after = await netBytes(client);
      const commands = Object.values(byCommand).reduce((a, b) => a + b, 0);
      return { commands, bytesIn: after.in - before.in, bytesOut: after.out - before.out, byCommand };
    },
  };
}

async function netBytes(client: Redis): Promise<{ in: number; out: number }> {
  const stats = await client.info("stats");
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? 0);
  return { in: field("total_net_input_bytes"), out: field("total_net_output_bytes") };
}
