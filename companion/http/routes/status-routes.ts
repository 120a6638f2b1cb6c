/** Health (no token: lets a plugin find the companion) and status (queue, folders, workers). */
import { z } from "zod";
import { QueueStatus } from "../../distributed/queue-status.ts";
import type { CompanionApi } from "../companion-api.ts";
import { networkHosts, networkOpen } from "../network.ts";
import { LOOPBACK } from "../server.ts";
import { route } from "../route.ts";
import { lightroomSeesJpegResults, resultsLine } from "../../config/results.ts";

const FolderProgress = z.object({
  path: z.string(),
  watched: z.boolean(),
  total: z.number(),
  queued: z.number(),
  analyzing: z.number(),
  done: z.number(),
  failed: z.number(),
  /** What is written and where, for a watched folder ("stars, keywords → inside JPEG/TIFF/DNG …"). */
  results: z.string().nullable(),
  /** False when the folder writes sidecars only: Lightroom then does not see JPEG/TIFF/DNG results. */
  lightroomSeesJpeg: z.boolean().nullable(),
});

export const Status = z.object({
  version: z.string(),
  uptimeSeconds: z.number(),
  workers: z.number(),
  queue: z.object({ queued: z.number(), running: z.number(), done: z.number(), dead: z.number() }),
  folders: z.array(FolderProgress),
  configProblem: z.array(z.string()).nullable(),
  /** Config keys edited since the start that apply after a restart (everything else edited applies live). */
  configRestart: z.array(z.string()),
  /** Open: other machines may call the API (with the token) by these names; else this machine only. */
  network: z.object({ open: z.boolean(), listen: z.string(), hosts: z.array(z.string()) }),
  /** The Redis queue (depth, connected workers, failures); null on the embedded queue. */
  distributed: QueueStatus.nullable(),
});

export const statusRoutes = [
  route({
    method: "get",
    path: "/api/health",
    summary: "Is the companion running (no token needed)",
    tag: "status",
    auth: false,
    response: z.object({ status: z.literal("ok"), name: z.literal("stridelight"), version: z.string() }),
    handle: ({ api }) => ({ json: { status: "ok", name: "stridelight", version: api.version } }),
  }),
  route({
    method: "get",
    path: "/api/status",
    summary: "Queue, workers and progress per watched folder",
    tag: "status",
    response: Status,
    handle: async ({ api }) => {
      const counts = api.store.photos.counts();
      const watched = api.config().folders.map((f) => f.path);
      const known = new Set(counts.map((c) => c.folder));
      const folders = [
        ...watched
          .filter((p) => !known.has(p))
          .map((path) => ({ path, total: 0, queued: 0, analyzing: 0, done: 0, failed: 0 })),
        ...counts.map(({ folder, ...c }) => ({ path: folder, ...c })),
      ].map((f) => {
        const config = api.config().folders.find((c) => c.path === f.path);
        return {
          ...f,
          watched: watched.includes(f.path),
          results: config ? resultsLine(config) : null,
          lightroomSeesJpeg: config ? lightroomSeesJpegResults(config) : null,
        };
      });
      return {
        json: {
          version: api.version,
          uptimeSeconds: Math.round((Date.now() - api.startedAt) / 1000),
          workers: api.workers(),
          queue: api.store.jobs.counts(),
          folders,
          configProblem: api.configProblem(),
          configRestart: [...(api.configRestart?.() ?? [])],
          network: networkOf(api),
          distributed: (await api.queueStatus?.()) ?? null,
        },
      };
    },
  }),
];

/** What the page shows about who can reach the API (never the token, never a Redis password). */
export function networkOf(api: CompanionApi): { open: boolean; listen: string; hosts: string[] } {
  const http = api.config().http;
  const bound = api.listenAddress?.() ?? LOOPBACK;
  return { open: networkOpen(http, bound), listen: bound, hosts: networkHosts(http) };
}
