// The companion's page: progress per watched folder, the photos as they are scored, and the photographer's answers
// sent back as feedback, and the Redis queue's workers when there is one. Plain JS, no build step. The token
// travels in an HttpOnly, SameSite=Strict cookie that only pairing sets (the link `stridelight open` prints).
const grid = document.querySelector("#grid");
const foldersEl = document.querySelector("#folders");
const filters = document.querySelector("#filters");
const template = document.querySelector("#card");
const loupe = document.querySelector("#loupe");
const state = {
  photos: new Map(),
  decisions: new Map(),
  /** Stars the photographer gave on this page (1–5 keys), by photo id. */
  ratings: new Map(),
  selected: null,
  adjusting: null,
  refresh: null,
};

async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    ...options,
    headers: { "Content-Type": "application/json", ...(options.headers || {}) },
  });
  if (response.status === 401) document.querySelector("#unpaired").hidden = false;
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// A plugin pairs with a one-time code this (paired) page asks for.
async function pluginCode() {
  const { code, expiresAt } = await api("/api/pairing-codes", {
    method: "POST",
    body: JSON.stringify({ kind: "plugin" }),
  });
  const minutes = Math.round((expiresAt - Date.now()) / 60_000);
  document.querySelector("#plugin-code").textContent =
    `Pairing code for a plugin: ${code} (once, within ${minutes} min)`;
}

function query() {
  const form = new FormData(filters);
  const params = new URLSearchParams();
  for (const key of ["bib", "minStars", "flag", "status"])
    if (form.get(key)) params.set(key, String(form.get(key)).trim());
  return params;
}

async function loadPhotos() {
  const { photos } = await api(`/api/photos?${query()}`);
  state.photos = new Map(photos.map((p) => [p.id, p]));
  updateFlagChoices(photos);
  render();
}

function scheduleRefresh() {
  clearTimeout(state.refresh);
  state.refresh = setTimeout(() => loadPhotos().catch(console.error), 250);
}

function updateFlagChoices(photos) {
  const select = filters.elements.flag;
  const known = new Set([...select.options].map((o) => o.value));
  for (const flag of new Set(photos.flatMap((p) => p.flags)))
    if (!known.has(flag)) select.add(new Option(flag, flag));
}

function groups(photos) {
  if (!filters.elements.bursts.checked) return photos.map((p) => [p]);
  const byBurst = new Map();
  for (const p of photos) {
    const key = p.burst && p.burst.size > 1 ? p.burst.id : `single-${p.id}`;
    if (!byBurst.has(key)) byBurst.set(key, []);
    byBurst.get(key).push(p);
  }
  return [...byBurst.values()].map((g) => g.sort((a, b) => (a.burst?.rank ?? 0) - (b.burst?.rank ?? 0)));
}

function render() {
  const photos = [...state.photos.values()];
  grid.replaceChildren(
    ...groups(photos).map((group) => {
      const box = document.createElement("section");
      box.className = group.length > 1 ? "burst many" : "burst";
      box.dataset.testid = "burst";
      if (group.length > 1)
        box.append(Object.assign(document.createElement("h2"), { textContent: `burst of ${group.length}` }));
      box.append(...group.map(card));
      return box;
    }),
  );
  if (photos.length === 0) grid.textContent = "No photos yet: drop some into a watched folder.";
}

function stars(n) {
  if (n === null || n === undefined) return "";
  return n < 0 ? "rejected" : "★".repeat(n) + "☆".repeat(5 - n);
}

const fileName = (path) => path.split(/[\\/]/).pop();
const decimal = (n) => (n === null || n === undefined ? "–" : n.toFixed(2));
const isBestOfBurst = (p) => Boolean(p.burst && p.burst.size > 1 && p.burst.rank === 1);

/** Flags as chips, whatever their names: new ones (from newer scoring) show without a page change. */
function chips(list, prefix = "") {
  return list.map((f) => Object.assign(document.createElement("span"), { textContent: `${prefix}${f}` }));
}

/** Bibs carried from another photo of the same runner: marked, so a read and a carried bib never look alike. */
function carriedChips(p) {
  return (p.carriedBibs ?? []).map((c) =>
    Object.assign(document.createElement("span"), {
      textContent: `bib ${c.bib} (carried)`,
      title: `not read on this photo: carried from another photo of the same runner, confidence ${decimal(c.confidence)}`,
      className: "carried",
    }),
  );
}

function card(p) {
  const el = template.content.firstElementChild.cloneNode(true);
  el.dataset.id = p.id;
  el.dataset.status = p.status;
  el.classList.toggle("selected", state.selected === p.id);
  el.querySelector(".name").textContent = fileName(p.path);
  el.querySelector(".name").title = p.path;
  el.querySelector(".badge.best").hidden = !isBestOfBurst(p);
  const mine = state.ratings.get(p.id);
  el.querySelector(".mine").textContent = mine ? `yours ${"★".repeat(mine)}` : "";
  el.querySelector(".frame").addEventListener("click", (event) => {
    if (state.adjusting === p.id || event.target.classList.contains("crop")) return;
    select(p.id);
    openLoupe(p.id).catch(console.error);
  });
  el.classList.toggle("failed", p.status === "failed");
  const decision = state.decisions.get(p.id);
  if (decision) el.classList.add(decision === "pick" ? "picked" : "rejected");
  const img = el.querySelector("img");
  // The grid shows the 512 px thumbnail (cached by the companion), never the original: a RAW has no picture a
  // browser can show, and a 40 MB JPEG per card would stall a 5,000-photo shoot.
  img.src = `/api/photos/${p.id}/thumbnail?size=512`;
  img.alt = p.path.split("/").pop();
  el.querySelector(".stars").textContent = p.status === "done" ? stars(p.stars) : p.status;
  el.querySelector(".keeper").textContent = p.keeper === null ? "" : `keeper ${decimal(p.keeper)}`;
  el.querySelector(".style").textContent =
    p.runningStyle === null ? "" : `· style ${decimal(p.runningStyle)}`;
  el.querySelector(".bibs").replaceChildren(...chips(p.bibs, "bib "), ...carriedChips(p));
  el.querySelector(".flags").replaceChildren(...chips(p.flags));
  el.querySelector(".why").textContent = p.error ?? (p.bestCrop ? p.bestCrop.reason : "");
  placeCrop(el, p);
  el.querySelector(".actions").addEventListener("click", (event) => act(event, p, el));
  return el;
}

function placeCrop(el, p) {
  const crop = el.querySelector(".crop");
  if (!p.bestCrop || !filters.elements.crops.checked || !p.width) return;
  const frame = el.querySelector(".frame");
  frame.style.aspectRatio = `${p.width} / ${p.height}`;
  outlineCrop(crop, p.bestCrop);
  crop.hidden = false;
}

/** The crop's outline over the photo, in percent of the frame, with its aspect and reason as the tooltip. */
function outlineCrop(crop, bestCrop) {
  const [x0, y0, x1, y1] = bestCrop.box;
  Object.assign(crop.style, {
    left: `${x0 * 100}%`,
    top: `${y0 * 100}%`,
    width: `${(x1 - x0) * 100}%`,
    height: `${(y1 - y0) * 100}%`,
  });
  crop.title = `${bestCrop.aspect}: ${bestCrop.reason}`;
}

async function act(event, p, el) {
  const kind = event.target.dataset.act;
  if (!kind) return;
  select(p.id);
  const proposal = p.bestCrop ? { aspect: p.bestCrop.aspect, box: p.bestCrop.box } : undefined;
  if (kind === "crop-adjusted" && state.adjusting !== p.id) return startAdjusting(p, el, event.target);
  const body = { photoId: p.id, kind, source: "web" };
  if (kind === "pick" || kind === "reject")
    Object.assign(body, p.stars === null ? {} : { proposal: p.stars });
  if (kind.startsWith("crop")) Object.assign(body, { proposal });
  if (kind === "crop-adjusted") body.value = { aspect: p.bestCrop.aspect, box: cropBoxOf(el) };
  await api("/api/feedback", { method: "POST", body: JSON.stringify(body) });
  if (kind === "pick" || kind === "reject") state.decisions.set(p.id, kind);
  state.adjusting = null;
  event.target.classList.add("on");
  el.classList.toggle("picked", state.decisions.get(p.id) === "pick");
  el.classList.toggle("rejected", state.decisions.get(p.id) === "reject");
}

/** Drag the crop rectangle; pressing "Adjust crop" again sends where it ended up. */
function startAdjusting(p, el, button) {
  if (!p.bestCrop) return;
  state.adjusting = p.id;
  button.textContent = "Send crop";
  const crop = el.querySelector(".crop");
  const frame = el.querySelector(".frame");
  crop.onpointerdown = (down) => {
    crop.setPointerCapture(down.pointerId);
    const start = { x: down.clientX, y: down.clientY, left: crop.offsetLeft, top: crop.offsetTop };
    crop.onpointermove = (move) => {
      const left = Math.max(
        0,
        Math.min(frame.clientWidth - crop.offsetWidth, start.left + move.clientX - start.x),
      );
      const top = Math.max(
        0,
        Math.min(frame.clientHeight - crop.offsetHeight, start.top + move.clientY - start.y),
      );
      Object.assign(crop.style, {
        left: `${(left / frame.clientWidth) * 100}%`,
        top: `${(top / frame.clientHeight) * 100}%`,
      });
    };
    crop.onpointerup = () => (crop.onpointermove = null);
  };
}

function cropBoxOf(el) {
  const crop = el.querySelector(".crop");
  const frame = el.querySelector(".frame");
  const x0 = crop.offsetLeft / frame.clientWidth;
  const y0 = crop.offsetTop / frame.clientHeight;
  const clamp = (v) => Math.min(1, Math.max(0, v));
  return [
    clamp(x0),
    clamp(y0),
    clamp(x0 + crop.offsetWidth / frame.clientWidth),
    clamp(y0 + crop.offsetHeight / frame.clientHeight),
  ];
}

function showFolders(folders, queue) {
  foldersEl.replaceChildren(
    ...folders.map((f) => {
      const row = document.createElement("div");
      row.className = "folder";
      row.dataset.testid = "folder";
      const finished = f.done + f.failed;
      const bar = Object.assign(document.createElement("progress"), {
        max: Math.max(1, f.total),
        value: finished,
      });
      row.append(
        Object.assign(document.createElement("span"), {
          className: "path",
          textContent: f.path || "uploads and plugin requests",
          title: f.results ? `${f.path}\nwrites ${f.results}` : f.path,
        }),
        bar,
        Object.assign(document.createElement("span"), {
          className: "count",
          textContent: `${finished} / ${f.total}${f.failed ? ` (${f.failed} unreadable)` : ""}`,
        }),
      );
      return row;
    }),
  );
  // Sidecars only: said loudly, since Lightroom then shows no stars for JPEG/TIFF/DNG.
  const sidecarsOnly = folders.filter((f) => f.lightroomSeesJpeg === false);
  const warning = document.querySelector("#sidecars");
  warning.hidden = sidecarsOnly.length === 0;
  warning.textContent = sidecarsOnly.length
    ? `${sidecarsOnly.map((f) => f.path).join(", ")}: results go into .xmp sidecars only ` +
      "(neverModifyOriginals). Lightroom ignores sidecars of JPEG, TIFF and DNG: use the Lightroom plugin, " +
      "or set neverModifyOriginals to false in watch-config.json."
    : "";
  if (queue)
    document.querySelector("#queue").textContent = `${queue.queued} queued · ${queue.running} running`;
}

function showNetwork(network) {
  const el = document.querySelector("#network");
  el.hidden = !network || !network.open;
  if (!network || !network.open) return;
  const names = network.hosts.length ? ` as ${network.hosts.join(", ")}` : "";
  el.textContent =
    `The API is open to the network (listening on ${network.listen}${names}): ` +
    "other machines can reach it, and every request needs the pairing token.";
}

function cell(text) {
  return Object.assign(document.createElement("td"), { textContent: String(text) });
}

function ago(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return seconds < 60 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}

// The Redis queue: its depth, every connected worker (from their heartbeats) and the latest failures.
function showDistributed(d) {
  const el = document.querySelector("#distributed");
  el.hidden = !d;
  if (!d) return;
  const depth = d.depth;
  el.querySelector(".depth").textContent = d.problem
    ? `Redis queue ${d.queue}: ${d.problem}`
    : `Redis queue ${d.queue}: ${depth.waiting} waiting · ${depth.active} running · ${depth.delayed} retrying · ` +
      `${depth.completed} done · ${depth.failed} failed · ${d.workers.length} workers connected`;
  el.querySelector("tbody").replaceChildren(
    ...d.workers.map((w) => {
      const row = document.createElement("tr");
      row.dataset.testid = "worker";
      row.classList.toggle("stale", Date.now() - w.lastSeen > 10_000);
      row.append(
        cell(w.machine),
        cell(w.host),
        cell(w.threads),
        cell(w.jobsDone),
        cell(w.photosPerSecond.toFixed(2)),
        cell(w.failures),
        cell(ago(w.lastSeen)),
      );
      if (w.lastFailure) row.title = `last failure: ${w.lastFailure}`;
      return row;
    }),
  );
  el.querySelector(".failures").replaceChildren(
    ...d.failures.map((f) => Object.assign(document.createElement("li"), { textContent: f.reason })),
  );
}

async function loadStatus() {
  const status = await api("/api/status");
  showFolders(status.folders, status.queue);
  showNetwork(status.network);
  showDistributed(status.distributed);
  const problem = document.querySelector("#config-problem");
  problem.hidden = !status.configProblem;
  problem.textContent = status.configProblem
    ? `watch-config.json was not taken: ${status.configProblem.join("; ")}`
    : "";
  const restart = document.querySelector("#config-restart");
  const keys = status.configRestart ?? [];
  restart.hidden = keys.length === 0;
  restart.textContent = keys.length ? `watch-config.json: ${keys.join(", ")} applies after a restart` : "";
}

function follow() {
  const events = new EventSource("/api/events");
  events.addEventListener("photo", scheduleRefresh);
  events.addEventListener("status", (e) => {
    // The stream carries the queue's workers itself; the folders come with /api/status.
    const data = JSON.parse(e.data);
    if ("distributed" in data) showDistributed(data.distributed);
    loadStatus().catch(console.error);
  });
  events.addEventListener("config", () => loadStatus().catch(console.error));
}

// ---- Culling from the keyboard, and the enlarged view ----

/** The cards in the order they are shown. */
const cards = () => [...grid.querySelectorAll('[data-testid="photo"]')];

function select(id) {
  state.selected = id;
  for (const el of cards()) el.classList.toggle("selected", Number(el.dataset.id) === id);
  const el = grid.querySelector(`[data-id="${id}"]`);
  if (el) el.scrollIntoView({ block: "nearest" });
}

/** The next card in a direction: left/right in display order, up/down the nearest card in the row above/below. */
function neighbour(key) {
  const all = cards();
  const at = all.findIndex((el) => Number(el.dataset.id) === state.selected);
  if (at < 0) return all[0];
  if (key === "ArrowLeft") return all[Math.max(0, at - 1)];
  if (key === "ArrowRight") return all[Math.min(all.length - 1, at + 1)];
  const here = all[at].getBoundingClientRect();
  const down = key === "ArrowDown";
  let best = null;
  let bestCost = Infinity;
  for (const el of all) {
    const r = el.getBoundingClientRect();
    const dy = down ? r.top - here.bottom : here.top - r.bottom;
    if (dy < -1) continue;
    const cost = dy * 10 + Math.abs(r.left - here.left);
    if (cost < bestCost) [best, bestCost] = [el, cost];
  }
  return best ?? all[at];
}

async function send(id, body) {
  await api("/api/feedback", {
    method: "POST",
    body: JSON.stringify({ photoId: id, source: "web", ...body }),
  });
}

/** 1–5: the photographer's stars; P / X: accept / reject. Each is feedback, shown on the card. */
async function answer(key) {
  const p = state.photos.get(state.selected);
  if (!p) return;
  const proposal = p.stars === null ? {} : { proposal: p.stars };
  if (/^[1-5]$/.test(key)) {
    await send(p.id, { kind: "rating", value: Number(key), ...proposal });
    state.ratings.set(p.id, Number(key));
  } else {
    const kind = key === "p" ? "pick" : "reject";
    await send(p.id, { kind, ...proposal });
    state.decisions.set(p.id, kind);
  }
  const el = grid.querySelector(`[data-id="${p.id}"]`);
  if (el) el.replaceWith(card(p));
  if (loupe.open) fillLoupeFacts(p);
}

function fillLoupeFacts(p) {
  const mine = state.ratings.get(p.id);
  const decision = state.decisions.get(p.id);
  loupe.querySelector(".facts").textContent = [
    p.status === "done" ? stars(p.stars) : p.status,
    `keeper ${decimal(p.keeper)}`,
    `style ${decimal(p.runningStyle)}`,
    ...p.bibs.map((b) => `bib ${b}`),
    ...(p.carriedBibs ?? []).map((c) => `bib ${c.bib} (carried, ${decimal(c.confidence)})`),
    isBestOfBurst(p) ? "best of burst" : null,
    ...p.flags,
    mine ? `yours ${"★".repeat(mine)}` : null,
    decision === "pick" ? "accepted" : decision === "reject" ? "rejected by you" : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Per-feature contributions to the running style, largest first, as signed bars. */
function contributionRows(contributions) {
  const entries = Object.entries(contributions ?? {}).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const scale = Math.max(0.001, ...entries.map(([, v]) => Math.abs(v)));
  return entries.map(([name, value]) => {
    const row = document.createElement("tr");
    const bar = Object.assign(document.createElement("span"), { className: value < 0 ? "bar minus" : "bar" });
    bar.style.width = `${Math.round((Math.abs(value) / scale) * 120)}px`;
    const barCell = document.createElement("td");
    barCell.append(bar);
    row.append(cell(name.replace(/([A-Z])/g, " $1").toLowerCase()), cell(value.toFixed(3)), barCell);
    return row;
  });
}

async function openLoupe(id) {
  const p = state.photos.get(id);
  if (!p) return;
  loupe.dataset.id = String(id);
  const img = loupe.querySelector("img");
  img.src = `/api/photos/${id}/thumbnail?size=1600`;
  img.alt = fileName(p.path);
  loupe.querySelector(".name").textContent = fileName(p.path);
  fillLoupeFacts(p);
  const crop = loupe.querySelector(".crop");
  crop.hidden = !p.bestCrop;
  if (p.bestCrop) outlineCrop(crop, p.bestCrop);
  if (!loupe.open) loupe.showModal();
  const detail = await api(`/api/photos/${id}`);
  if (loupe.dataset.id !== String(id)) return;
  loupe
    .querySelector(".explanations")
    .replaceChildren(
      ...detail.explanations.map((e) => Object.assign(document.createElement("li"), { textContent: e })),
    );
  const rows = contributionRows(detail.scores?.contributions);
  loupe
    .querySelector(".contributions")
    .replaceChildren(
      ...(rows.length
        ? rows
        : [Object.assign(document.createElement("tr"), { textContent: "no pose: no running style" })]),
    );
}

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest && event.target.closest("input, select, textarea");
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key.startsWith("Arrow")) {
    const next = loupe.open
      ? neighbour(key === "ArrowUp" ? "ArrowLeft" : key === "ArrowDown" ? "ArrowRight" : key)
      : neighbour(key);
    if (!next) return;
    event.preventDefault();
    select(Number(next.dataset.id));
    if (loupe.open) openLoupe(state.selected).catch(console.error);
  } else if (key === "Enter" && state.selected !== null && !loupe.open) {
    event.preventDefault();
    openLoupe(state.selected).catch(console.error);
  } else if (/^[1-5px]$/.test(key) && state.selected !== null) {
    event.preventDefault();
    answer(key).catch(console.error);
  }
});

document.querySelector("#pair-plugin").addEventListener("click", () => pluginCode().catch(console.error));
filters.addEventListener("input", scheduleRefresh);
filters.addEventListener("submit", (e) => e.preventDefault());
loadStatus().catch(console.error);
loadPhotos().catch(console.error);
follow();
