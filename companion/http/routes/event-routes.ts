/** Progress as a server-sent event stream: every photo's change of state, plus a status snapshot every few seconds. */
import { route } from "../route.ts";

const HEARTBEAT_MS = 5000;

export const eventRoutes = [
  route({
    method: "get",
    path: "/api/events",
    summary:
      "Progress events (text/event-stream): photo, status (with the Redis queue's workers), config, models",
    tag: "status",
    response: {
      contentType: "text/event-stream",
      description: "event: photo|status|config|models, data: JSON",
    },
    handle: ({ api, req, res }) => {
      res.writeHead(200, {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache",
        Connection: "keep-alive",
      });
      const send = (type: string, data: unknown) =>
        res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      // The Redis queue's depth, workers and failures ride along (asked with a timeout: never blocks the stream).
      const status = async () => {
        const distributed = (await api.queueStatus?.()) ?? null;
        if (!res.writableEnded)
          send("status", { folders: api.store.photos.counts(), queue: api.store.jobs.counts(), distributed });
      };
      void status();
      const unsubscribe = api.events.subscribe((event) => send(event.type, event));
      const timer = setInterval(() => void status(), HEARTBEAT_MS);
      req.on("close", () => {
        clearInterval(timer);
        unsubscribe();
      });
      return "handled";
    },
  }),
];
