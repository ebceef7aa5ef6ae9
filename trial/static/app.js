// The trial chat page: a small Telegram-like client for the local Bot API stand-in. No framework, no CDN.
"use strict";

const state = { chats: [], current: null, speaker: null, seen: "" };
const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const request = options || {};
  request.headers = { ...(request.headers || {}), "X-Trial": "1" };
  const response = await fetch(path, request);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function post(path, data) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
}

// A button's answer: a passing toast, or an alert the trainer must dismiss, as in Telegram.
function toast(text, alert) {
  if (alert) { window.alert(text); return; }
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
}

function showError(error) {
  const box = $("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

// Telegram entities -> DOM, using text nodes only (nothing the bot sent is parsed as HTML here).
function renderText(text, entities) {
  const root = document.createDocumentFragment();
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  function build(parent, from, to, list) {
    let cursor = from;
    while (list.length && list[0].offset < to) {
      const entity = list.shift();
      if (entity.offset > cursor) parent.append(text.slice(cursor, entity.offset));
      const end = entity.offset + entity.length;
      const tag = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre", text_link: "a" }[entity.type] || "span";
      const node = document.createElement(tag);
      if (entity.type === "text_link" && /^(https?|tg):/i.test(entity.url)) {
        node.href = entity.url; node.target = "_blank"; node.rel = "noopener";
      }
      const inner = [];
      while (list.length && list[0].offset < end) inner.push(list.shift());
      build(node, entity.offset, end, inner);
      parent.append(node);
      cursor = end;
    }
    if (cursor < to) parent.append(text.slice(cursor, to));
  }
  build(root, 0, text.length, sorted);
  return root;
}

function fileUrl(fileId, name, download) {
  const query = new URLSearchParams({ name: name || "file" });
  if (download) query.set("download", "1");
  return `/api/file/${encodeURIComponent(fileId)}?${query}`;
}

function renderMessage(message) {
  const item = document.createElement("li");
  if (message.service) {
    item.className = "service";
    item.textContent = message.service;
    return item;
  }
  item.className = "msg" + (message.from_bot ? "" : " mine");
  item.dataset.id = message.id;
  if (state.current && state.current.kind === "group" || !message.from_bot) {
    const sender = document.createElement("div");
    sender.className = "sender";
    sender.textContent = message.from_bot ? "安全网格" : message.sender;
    item.append(sender);
  }
  if (message.photo) {
    const link = document.createElement("a");
    link.href = fileUrl(message.photo, "photo.jpg", false);
    link.target = "_blank";
    const img = document.createElement("img");
    img.src = link.href;
    img.alt = "照片";
    link.append(img);
    item.append(link);
  }
  if (message.document) {
    const doc = document.createElement("a");
    doc.className = "doc";
    doc.href = fileUrl(message.document.file_id, message.document.name, true);
    doc.textContent = "📄 " + message.document.name;
    doc.download = message.document.name;
    item.append(doc);
  }
  if (message.location) {
    const where = document.createElement("div");
    where.textContent = `📍 ${message.location.latitude.toFixed(5)}, ${message.location.longitude.toFixed(5)}`;
    item.append(where);
  }
  if (message.text) {
    const body = document.createElement("div");
    body.className = "text";
    body.append(renderText(message.text, message.entities));
    item.append(body);
  }
  if (message.buttons.length) {
    const grid = document.createElement("div");
    grid.className = "inline";
    for (const row of message.buttons) {
      const line = document.createElement("div");
      line.className = "line";
      for (const button of row) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = button.text;
        if (button.url) b.addEventListener("click", () => window.open(button.url, "_blank", "noopener"));
        else b.addEventListener("click", () => act(async () => {
          const result = await post("/api/press", {
            user: state.speaker, chat: state.current.id, message_id: message.id, callback_data: button.callback_data,
          });
          if (result.answer) toast(result.answer, result.alert);
        }));
        line.append(b);
      }
      grid.append(line);
    }
    item.append(grid);
  }
  return item;
}

function renderKeyboard(keyboard) {
  const box = $("keyboard");
  box.replaceChildren();
  const rows = keyboard && keyboard.keyboard;
  box.hidden = !rows;
  if (!rows) return;
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "line";
    for (const button of row) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = button.text;
      b.addEventListener("click", () => {
        if (button.request_location) shareLocation();
        else act(() => post("/api/send", { user: state.speaker, chat: state.current.id, text: button.text }));
      });
      line.append(b);
    }
    box.append(line);
  }
}

async function refresh() {
  if (!state.current) return;
  const chat = state.current;
  const data = await api(`/api/messages?chat=${chat.id}`);
  if (state.current !== chat) return;  // the trainer switched chats meanwhile
  const key = JSON.stringify(data);
  if (key === state.seen) return;
  state.seen = key;
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...data.messages.map(renderMessage));
  renderKeyboard(state.current.kind === "private" ? data.keyboard : null);
  if (atBottom || list.dataset.fresh) { list.scrollTop = list.scrollHeight; delete list.dataset.fresh; }
}

async function act(action) {
  showError(null);
  try { await action(); } catch (error) { showError(error); }
}

function shareLocation() {
  // The demo county's centre, nudged a little each time, stands in for the phone's position.
  const latitude = 30.6388 + (Math.random() - 0.5) / 200;
  const longitude = 119.6805 + (Math.random() - 0.5) / 200;
  act(() => post("/api/location", { user: state.speaker, chat: state.current.id, latitude, longitude }));
}

async function upload(file, asFile) {
  const form = new FormData();
  form.append("user", state.speaker);
  form.append("chat", state.current.id);
  form.append("as_file", asFile ? "1" : "0");
  const caption = $("text").value.trim();
  if (caption) { form.append("caption", caption); $("text").value = ""; }
  form.append("file", file, file.name);
  await act(() => api("/api/upload", { method: "POST", body: form }));
}

function selectChat(chat) {
  state.current = chat;
  state.seen = "";
  for (const el of document.querySelectorAll(".chat-item")) el.classList.toggle("active", Number(el.dataset.id) === chat.id);
  $("chat-title").textContent = `${chat.name}（${chat.role}）`;
  const speakerBox = $("speaker-box");
  const select = $("speaker");
  select.replaceChildren();
  if (chat.kind === "group") {
    for (const person of state.chats.filter((c) => c.kind === "private" && chat.members.includes(c.id))) {
      select.append(new Option(`${person.name}（${person.role}）`, person.id));
    }
    state.speaker = Number(select.value);
    speakerBox.hidden = false;
  } else {
    state.speaker = chat.id;
    speakerBox.hidden = true;
  }
  $("messages").dataset.fresh = "1";
  refresh().catch(showError);
}

async function loop() {
  for (;;) {
    try {
      await api("/api/wait?timeout=20");
      await refresh();
    } catch (error) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function updateClock(report) {
  const data = await api("/api/clock");
  $("now").textContent = data.now;
  if (report !== undefined) $("clock-report").textContent = report;
}

async function start() {
  const data = await api("/api/chats");
  state.chats = [...data.people, ...data.groups];
  const nav = $("chats");
  for (const chat of state.chats) {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "chat-item";
    item.dataset.id = chat.id;
    item.append(chat.name);
    const role = document.createElement("small");
    role.textContent = chat.role;
    item.append(role);
    item.addEventListener("click", () => selectChat(chat));
    nav.append(item);
  }
  $("speaker").addEventListener("change", (event) => { state.speaker = Number(event.target.value); });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text || !state.current) return;
    $("text").value = "";
    act(() => post("/api/send", { user: state.speaker, chat: state.current.id, text }));
  });
  $("photo").addEventListener("change", (event) => { if (event.target.files[0]) upload(event.target.files[0], false); event.target.value = ""; });
  $("document").addEventListener("change", (event) => { if (event.target.files[0]) upload(event.target.files[0], true); event.target.value = ""; });
  $("location").addEventListener("click", () => state.current && shareLocation());
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => act(async () => {
      const result = await post("/api/clock", { to: button.dataset.advance });
      await updateClock(result.report);
    }));
  }
  await updateClock();
  selectChat(state.chats[0]);
  loop();
}

start().catch(showError);
