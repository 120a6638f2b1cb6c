// The pairing page's script: the one-time code rides in the URL's fragment (never sent to a server, never in a
// log); it is traded for the page's HttpOnly cookie, the fragment is wiped from history, and the page opens.
const code = decodeURIComponent(window.location.hash.slice(1));
const said = document.querySelector("#pairing");

async function pair() {
  window.history.replaceState(null, "", window.location.pathname);
  const response = await fetch("/pair", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
  if (response.ok) return window.location.replace("/");
  const answer = await response.json().catch(() => ({}));
  said.textContent = `This pairing link did not work (${answer.detail || response.status}). Run \`stridelight open\` for a new one.`;
}

if (code) pair().catch((error) => (said.textContent = `Pairing failed: ${error.message}`));
