// 送る前に確認: the messages residents will receive, drawn roughly as LINE (and the simulator)
// shows them — text bubbles, Flex cards and carousels, buttons — in 日本語, English or やさしい日本語. The messages
// come from the API's preview routes, built by the same code that sends them.
import { h, setChildren } from "./dom.js";

const SIZES = { xxs: "0.65rem", xs: "0.72rem", sm: "0.82rem", md: "0.92rem", lg: "1.05rem", xl: "1.2rem", xxl: "1.35rem", "3xl": "1.5rem" };

function component(c) {
  if (!c || typeof c !== "object") return null;
  switch (c.type) {
    case "box": {
      const box = h("div", { class: `fx-box fx-${c.layout ?? "vertical"}` }, (c.contents ?? []).map(component));
      if (c.spacing) box.classList.add(`fx-gap-${c.spacing}`);
      if (c.backgroundColor) box.style.background = c.backgroundColor;
      if (c.paddingAll) box.style.padding = c.paddingAll;
      return withFlex(box, c);
    }
    case "text": {
      const t = h("div", { class: "fx-text" }, c.text ?? "", ...(c.contents ?? []).map((s) => h("span", {}, s.text ?? "")));
      t.style.fontSize = SIZES[c.size ?? "md"] ?? SIZES.md;
      if (c.weight === "bold") t.style.fontWeight = "700";
      if (c.color) t.style.color = c.color;
      if (!c.wrap) t.classList.add("fx-nowrap");
      if (c.margin) t.classList.add(`fx-margin-${c.margin}`);
      if (c.align) t.style.textAlign = c.align;
      return withFlex(t, c);
    }
    case "button": {
      const label = c.action?.label ?? "";
      return h("div", { class: `fx-button fx-button-${c.style ?? "link"}`, "data-testid": "preview-button" }, label);
    }
    case "image":
      return h("img", { class: "fx-image", src: c.url, alt: "" });
    case "separator":
      return h("hr", { class: "fx-separator" });
    case "spacer":
    case "filler":
      return h("div", { class: "fx-filler" });
    default:
      return null;
  }
}

function withFlex(el, c) {
  if (typeof c.flex === "number") el.style.flex = String(c.flex);
  return el;
}

function bubble(b) {
  return h(
    "div",
    { class: "fx-bubble", "data-testid": "preview-bubble" },
    b.hero ? h("div", { class: "fx-hero" }, component(b.hero)) : null,
    b.header ? h("div", { class: "fx-section" }, component(b.header)) : null,
    b.body ? h("div", { class: "fx-section" }, component(b.body)) : null,
    b.footer ? h("div", { class: "fx-section fx-footer" }, component(b.footer)) : null,
  );
}

function flexContainer(contents) {
  if (contents?.type === "carousel") return h("div", { class: "fx-carousel" }, (contents.contents ?? []).map(bubble));
  return bubble(contents ?? {});
}

function message(m) {
  switch (m.type) {
    case "text":
      return h("div", { class: "chat-bubble", "data-testid": "preview-text" }, m.text);
    case "image":
      return h("img", { class: "chat-image", src: m.url, alt: "画像" });
    case "buttons":
      return h(
        "div",
        { class: "fx-bubble", "data-testid": "preview-bubble" },
        m.imageUrl ? h("img", { class: "fx-image", src: m.imageUrl, alt: "" }) : null,
        h("div", { class: "fx-section" }, m.title ? h("div", { class: "fx-text", style: { fontWeight: "700" } }, m.title) : null, h("div", { class: "fx-text" }, m.text)),
        h("div", { class: "fx-section fx-footer" }, (m.actions ?? []).map((a) => h("div", { class: "fx-button fx-button-link", "data-testid": "preview-button" }, a.label))),
      );
    case "flex":
      return flexContainer(m.contents);
    default:
      return h("div", { class: "chat-bubble" }, `（${m.type}）`);
  }
}

/**
 * A preview with a language switch. load(lang) → Promise<{ messages }>. Returns an element that
 * draws itself (and says so if the preview cannot be loaded: sending still works).
 */
export function messagePreview(load, { intro = "住民のLINEには、次のように届きます。" } = {}) {
  const screen = h("div", { class: "chat-screen", "data-testid": "message-preview", "aria-live": "polite" });
  const languages = [
    ["ja", "日本語の方"],
    ["en", "English の方"],
    ["easy", "やさしい日本語の方"],
  ];
  const tabs = languages.map(([lang, label]) => {
    const b = h("button", { type: "button", class: "secondary small", "aria-pressed": "false", "data-testid": `preview-${lang}` }, label);
    b.addEventListener("click", () => show(lang));
    return b;
  });
  async function show(lang) {
    tabs.forEach((t, i) => t.setAttribute("aria-pressed", String(languages[i][0] === lang)));
    screen.dataset.lang = lang;
    delete screen.dataset.loaded;
    setChildren(screen, h("p", { class: "loading" }, "読み込み中…"));
    // A language chosen while another was loading: the earlier answer, arriving late, is not drawn over it.
    const current = () => screen.dataset.lang === lang;
    try {
      const answer = await load(lang);
      if (!current()) return;
      setChildren(screen, (answer.messages ?? []).map((m) => h("div", { class: "chat-row" }, message(m))));
      screen.dataset.loaded = lang;
    } catch (err) {
      if (!current()) return;
      setChildren(screen, h("p", { class: "hint" }, `見本を表示できません（${err.message}）。`));
    }
  }
  show("ja");
  return h("div", { class: "preview" }, h("p", { class: "hint" }, intro), h("div", { class: "actions", role: "group", "aria-label": "見本の言語" }, tabs), screen);
}
