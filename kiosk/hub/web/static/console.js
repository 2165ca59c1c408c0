// The counter console: log in, pick a counter, act through the hub's JSON API.
// Never acts twice: a button is disabled while its request is out, and an action whose
// answer was lost keeps its Idempotency-Key, so pressing it again repeats the same request.
"use strict";
(function () {
  const T = JSON.parse(document.getElementById("texts").textContent);
  const lang = document.documentElement.lang;
  const $ = (id) => document.getElementById(id);
  let counterId = new URLSearchParams(location.search).get("counter")
    || localStorage.getItem("anjungan.counter");
  let view = null, services = [], busy = false, offline = false, events = null;
  let unsent = null;                   // {action, key}: sent, but no answer came back

  function newKey() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return "console-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function say(text, bad) {
    const box = $("message");
    box.textContent = text || "";
    box.hidden = !text;
    box.className = bad ? "bad" : "";
  }

  function setOffline(value) {
    offline = value;
    $("offline").hidden = !value;
    document.body.classList.toggle("offline", value);
    render();
  }

  let csrf = "";                       // the session's X-CSRF-Token (log-in, /v1/staff/me)

  async function api(method, path, body, key) {
    const headers = {"Content-Type": "application/json"};
    if (key) headers["Idempotency-Key"] = key;
    if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
    let res;
    try {
      res = await fetch(path, {method, headers, credentials: "same-origin",
                               body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      setOffline(true);
      watchHub();
      throw {offline: true};
    }
    if (offline) setOffline(false);
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw {status: res.status, data};
    return data;
  }

  function problem(err) {
    if (err.offline) return T.offline;
    const d = err.data || {};
    return (lang === "en" ? d.message_en : d.message_id) || d.message_en || String(err.status);
  }

  let watching = false;
  async function watchHub() {          // until the hub answers again
    if (watching) return;
    watching = true;
    while (offline) {
      await new Promise((r) => setTimeout(r, 2000));
      try {
        const res = await fetch("/v1/health", {cache: "no-store"});
        if (res.ok) { setOffline(false); refresh(); }
      } catch (e) { /* still away */ }
    }
    watching = false;
  }

  function show(part) {
    for (const id of ["login", "picker", "desk"]) $(id).hidden = id !== part;
    $("logout").hidden = part === "login";
    $("change-counter").hidden = part !== "desk";
  }

  async function start() {
    try {
      const me = await api("GET", "/v1/staff/me");
      csrf = me.csrf || "";
      $("who").textContent = me.username;
    } catch (err) {
      if (err.offline) { show("login"); return; }
      show("login");
      return;
    }
    if (counterId) openDesk(counterId); else pick();
  }

  async function pick() {
    show("picker");
    try {
      const data = await api("GET", "/v1/counters");
      services = data.services;
      const box = $("counters");
      box.replaceChildren();
      for (const c of data.counters) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "big";
        b.textContent = (c.name[lang] || c.name.id) + (c.current ? " · " + c.current : "");
        b.dataset.counter = c.counter_id;
        b.addEventListener("click", () => openDesk(c.counter_id));
        box.append(b);
      }
    } catch (err) { say(problem(err), true); }
  }

  async function openDesk(id) {
    counterId = id;
    localStorage.setItem("anjungan.counter", id);
    show("desk");
    if (!services.length) {
      try { services = (await api("GET", "/v1/counters")).services; } catch (e) { /* later */ }
    }
    const select = $("transfer-service");
    select.replaceChildren();
    for (const s of services) {
      const o = document.createElement("option");
      o.value = s.id;
      o.textContent = s.name[lang] || s.name.id;
      select.append(o);
    }
    await refresh();
    follow();
  }

  async function refresh() {
    if (!counterId) return;
    try {
      view = await api("GET", "/v1/counters/" + encodeURIComponent(counterId));
      render();
    } catch (err) {
      if (err.status === 401) { show("login"); return; }
      if (err.status === 403 || err.status === 404) {
        localStorage.removeItem("anjungan.counter");
        counterId = null;
        say(problem(err), true);
        pick();
        return;
      }
      if (!err.offline) say(problem(err), true);
    }
  }

  function follow() {                  // the hub's live events: refresh on a change
    if (events) events.close();
    events = new EventSource("/v1/events");
    let timer = null;
    const soon = () => { clearTimeout(timer); timer = setTimeout(refresh, 100); };
    for (const kind of ["call", "counter", "queue"]) events.addEventListener(kind, soon);
    events.onerror = () => { fetch("/v1/health").catch(() => { setOffline(true); watchHub(); }); };
  }

  function render() {
    if (!view) return;
    const c = view.counter, cur = view.current;
    $("counter-name").textContent = c.name[lang] || c.name.id;
    $("counter-state").textContent = T["state_" + c.state] || c.state;
    $("counter-state").className = "state " + c.state;
    $("current-number").textContent = cur ? cur.number : "–";
    $("current-detail").textContent = cur
      ? (T["status_" + cur.status] || cur.status) + (cur.recalls ? " · " + T.recalls + ": " + cur.recalls : "")
      : T.none_called;
    $("waiting-count").textContent = view.waiting.count;
    $("oldest").textContent = Math.round(view.waiting.oldest_wait_s / 60);
    $("next-numbers").textContent = view.waiting.next.join(", ") || "–";
    const paused = c.state === "paused";
    const pause = $("pause");
    pause.dataset.action = paused ? "resume" : "pause";
    pause.firstChild.textContent = (paused ? T.resume : T.pause) + " ";
    const can = {
      "call-next": !cur && !paused,
      "recall": cur && cur.status === "called",
      "no-show": cur && cur.status === "called",
      "start": cur && cur.status === "called",
      "finish": !!cur,
      "transfer": !!cur,
      "pause": !cur, "resume": true,
    };
    for (const b of document.querySelectorAll("[data-action]")) {
      b.disabled = busy || offline || !can[b.dataset.action];
    }
  }

  async function act(action, body) {
    if (busy || offline || !counterId) return;
    const key = unsent && unsent.action === action ? unsent.key : newKey();
    unsent = {action, key};
    busy = true;
    render();
    say("");
    try {
      view = await api("POST", "/v1/counters/" + encodeURIComponent(counterId) + "/" + action,
                       body, key);
      unsent = null;
    } catch (err) {
      if (!err.offline) {             // a definite answer: the hub refused, nothing done
        unsent = null;
        say(problem(err), true);
        if (err.status === 401) show("login");
      }
    } finally {
      busy = false;
      render();
    }
  }

  document.addEventListener("click", (e) => {
    const b = e.target.closest("[data-action]");
    if (!b || b.disabled) return;
    if (b.dataset.action === "transfer") { $("transfer").hidden = false; return; }
    act(b.dataset.action);
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || $("desk").hidden) return;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) return;
    const b = document.querySelector(`[data-key="${e.key.toLowerCase()}"]`);
    if (b) { e.preventDefault(); b.click(); }
  });

  $("transfer").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    $("transfer").hidden = true;
    act("transfer", {service_id: form.get("service_id"), to_front: form.get("place") === "front"});
  });
  $("transfer-cancel").addEventListener("click", () => { $("transfer").hidden = true; });

  $("call-number").addEventListener("submit", (e) => {
    e.preventDefault();
    const number = new FormData(e.target).get("number").trim();
    if (number) act("call", {number});
  });

  $("login").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const data = await api("POST", "/v1/staff/login",
                             {username: form.get("username"), password: form.get("password")});
      csrf = data.csrf || "";
      $("who").textContent = data.user.username;
      e.target.reset();
      say("");
      if (counterId) openDesk(counterId); else pick();
    } catch (err) { say(problem(err), true); }
  });

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/v1/staff/logout"); } catch (e) { /* gone anyway */ }
    csrf = "";
    if (events) events.close();
    show("login");
  });
  $("change-counter").addEventListener("click", () => {
    localStorage.removeItem("anjungan.counter");
    counterId = null;
    pick();
  });

  setInterval(() => { if (!offline && counterId && !$("desk").hidden) refresh(); }, 15000);
  start();
})();
