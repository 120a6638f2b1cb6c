/**
 * watch-config.json: which import folders the companion watches and what it may write into the photos found
 * there. Every key has a default (defaults.ts), so a user's file only says what differs.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { PolicyOverrides } from "../../core/domain/star-policy.ts";
import { WorkingSize } from "../../core/domain/working-size.ts";
import { SidecarStyle } from "../../core/domain/xmp/policy.ts";
import { PathMapConfig } from "../distributed/path-map.ts";
import { parseRedisUrl } from "../distributed/queue-url.ts";
import { LearningSettings } from "../learning/settings.ts";

const pattern = z.string().min(1, "a pattern cannot be empty");

/** What the companion may write into a photo's XMP. Crops and labels are opt-in: they are the photographer's. */
export const WriteSettings = z
  .object({
    ratings: z.boolean(),
    labels: z.boolean(),
    keywords: z.boolean(),
    crop: z.boolean(),
  })
  .strict();
export type WriteSettings = z.infer<typeof WriteSettings>;

/** Where the XMP goes: a sidecar beside the photo, or (when allowed) embedded in JPEG/TIFF/DNG/HEIC. */
export const SidecarPolicy = z
  .object({
    /** The writer's sidecarStyle (core/domain/xmp/policy.ts): "basename" IMG_1.xmp or "name.ext" IMG_1.CR3.xmp. */
    style: SidecarStyle,
    /** true: only ever write sidecars, never touch the photo file itself. */
    neverModifyOriginals: z.boolean(),
  })
  .strict();
export type SidecarPolicy = z.infer<typeof SidecarPolicy>;

export const FolderConfig = z
  .object({
    /** Absolute, "~/…", or relative to the config file's folder. */
    path: z.string().min(1, "give the folder's path"),
    recursive: z.boolean(),
    /** Glob patterns relative to the folder ("**" crosses folders); empty = every photo. */
    include: z.array(pattern),
    exclude: z.array(pattern),
    write: WriteSettings,
    /** Stars, rejects, colour label and keywords: any part of core/domain/star-policy.ts, the rest from its defaults. */
    policy: PolicyOverrides,
    sidecar: SidecarPolicy,
  })
  .strict();
export type FolderConfig = z.infer<typeof FolderConfig>;

/** A host name or IP address as a Host header names it (no scheme, no port). */
const HostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^[0-9a-f:]+$/, {
    message: "a host name or IP address, without scheme or port (e.g. race-server.local or 10.0.0.5)",
  });

export const HttpSettings = z
  .object({
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535),
    /** Extra origins allowed to call the API besides the companion's own page (e.g. a plugin's). */
    allowedOrigins: z.array(z.string().url()),
    /**
     * The address the API listens on. 127.0.0.1 (the default) keeps it on this machine; "0.0.0.0", "::" or one of
     * this machine's addresses opens it to the network (workers fetching models, a second screen), and then every
     * request but /api/health needs the pairing token.
     */
    listen: z.string().refine((a) => isIP(a) !== 0, {
      message:
        'an IP address of this machine, e.g. "127.0.0.1" (this machine only) or "0.0.0.0" (every network)',
    }),
    /** Names other machines reach the companion by (Host header), besides the loopback ones; opens the API too. */
    allowedHosts: z.array(HostName),
    /** The URL workers on other machines fetch models from (default: derived from allowedHosts/listen and port). */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type HttpSettings = z.infer<typeof HttpSettings>;

/**
 * Where analysis jobs run: the embedded queue (this machine, no server), or a Redis queue that workers on any
 * machine serve. $STRIDELIGHT_QUEUE=redis://… overrides it. The URL may hold a password: it is never logged or served.
 */
export const QueueSettings = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("embedded") }).strict(),
  z
    .object({
      kind: z.literal("redis"),
      url: z.string().superRefine((url, ctx) => {
        const parsed = parseRedisUrl(url);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
      }),
      /** This machine's folders -> the shared names workers know them by (a NAS mounted at different paths). */
      paths: PathMapConfig.default({}),
      /** Tries per photo before it is reported failed. */
      attempts: z.number().int().min(1).max(20).default(3),
    })
    .strict(),
]);
export type QueueSettings = z.infer<typeof QueueSettings>;

export const WatchConfig = z
  .object({
    version: z.literal(1),
    /** Store, token, logs; absolute, "~/…" or relative to the config file's folder. */
    dataDir: z.string().min(1),
    /** Analysis workers; "auto" = one per core. */
    workers: z.union([z.literal("auto"), z.number().int().min(1).max(64)]),
    /** Long side of the working image the analysis sees. */
    maxSide: WorkingSize,
    /** A file must keep its size this long before it is taken (a card still being copied). */
    settleMs: z.number().int().min(0).max(60_000),
    http: HttpSettings,
    folders: z.array(FolderConfig),
    /** Retraining from the photographer's feedback (companion/learning/settings.ts has the defaults). */
    learning: LearningSettings.partial().optional(),
    /** Absent: the embedded queue. */
    queue: QueueSettings.optional(),
  })
  .strict();
export type WatchConfig = z.infer<typeof WatchConfig>;
