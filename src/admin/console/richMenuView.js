// リッチメニュー: the menu residents see under the chat. Each page has a shape (six large tiles or
// three compact ones) and, per tile, a label in each language, an icon and what a tap does (start a
// conversation, open a web page, or show another page of the same residents). The preview is drawn
// by the same code that draws the image LINE gets; 適用 makes the menus on LINE.
import { api, apiImage } from "./api.js";
import { h, setChildren } from "./dom.js";
import { busy, errorBox, flash, FormErrors, loading, pageHeader, select } from "./ui.js";

const AUDIENCE = { guest: "同意前（はじめての人・同意しなかった人）", member: "登録後（同意した人）" };
const LAYOUTS = [
  { value: "large6", label: "大きい6枠（2500×1686）" },
  { value: "compact3", label: "小さい3枠（2500×843）" },
];
const SIZE = { large6: 6, compact3: 3 };
const ICONS = {
  start: "はじめる", info: "案内", privacy: "個人情報", poll: "アンケート", comment: "意見", event: "イベント",
  volunteer: "ボランティア", person: "人", inquiry: "問い合わせ", home: "ホーム", link: "リンク", more: "その他",
};
const LANGUAGE_LABEL = { ja: "日本語", en: "英語", easy: "やさしい日本語" };
const STATE = { pending: "未適用", applying: "適用中…", applied: "適用済み", failed: "失敗（自動で再試行します）" };

export async function richMenuView(container, { can }) {
  setChildren(container, pageHeader("リッチメニュー"), loading());
  let data;
  try {
    data = await api("GET", "/richmenu");
  } catch (err) {
    setChildren(container, pageHeader("リッチメニュー"), errorBox(err));
    return;
  }
  const def = structuredClone(data.definition);
  const errors = new FormErrors();
  const flowOptions = data.flows.map((f) => ({ value: f.id, label: `${f.title}（${f.id}）` }));

  const statusLine = (overview) =>
    h(
      "div",
      { class: `richmenu-status status-${overview.status.state}`, "data-testid": "richmenu-status", role: "status" },
      h("strong", {}, `LINE への反映：${STATE[overview.status.state] ?? overview.status.state}`),
      overview.status.message ? h("p", { "data-testid": "richmenu-status-message" }, `理由：${overview.status.message}`) : null,
      overview.upToDate ? null : h("p", {}, "保存した内容はまだ LINE に反映されていません。「LINE に適用」を押してください。"),
      typeof overview.pendingResidents === "number" && overview.pendingResidents > 0 ? h("p", {}, `メニューの切り替え待ちの住民：${overview.pendingResidents}人`) : null,
    );

  const pageEditor = (page, pageIndex) => {
    const preview = h("img", { class: "richmenu-preview", alt: "プレビュー", "data-testid": `richmenu-preview-${page.key}` });
    const previewLanguage = select(data.languages.map((l) => ({ value: l, label: LANGUAGE_LABEL[l] ?? l })), "ja", { "aria-label": "プレビューの言語" });
    const refreshPreview = async () => {
      try {
        const url = await apiImage("/richmenu/preview", { page, language: previewLanguage.value });
        if (preview.src) URL.revokeObjectURL(preview.src);
        preview.src = url;
      } catch (err) {
        errors.show(err);
      }
    };
    previewLanguage.addEventListener("change", refreshPreview);
    const tiles = h("div", { class: "richmenu-tiles" });
    const drawTiles = () => {
      while (page.areas.length < SIZE[page.layout]) page.areas.push({ label: { ja: "未設定" }, icon: "more", action: { type: "flow", flow: "menu" } });
      page.areas.length = SIZE[page.layout];
      setChildren(tiles, page.areas.map((area, i) => tileEditor(page, pageIndex, area, i)));
    };
    const layout = select(LAYOUTS, page.layout, { "data-testid": `richmenu-layout-${page.key}`, "aria-label": "形" });
    layout.addEventListener("change", () => {
      page.layout = layout.value;
      drawTiles();
    });
    const chatBar = data.languages.map((l) => {
      const input = h("input", { value: page.chatBarText[l] ?? "", maxlength: "14", "aria-label": `メニューバーの文字（${LANGUAGE_LABEL[l] ?? l}）` });
      input.addEventListener("input", () => (page.chatBarText[l] = input.value));
      return h("label", {}, `${LANGUAGE_LABEL[l] ?? l}：`, input);
    });
    drawTiles();
    const section = h(
      "section",
      { class: "card richmenu-page", "data-testid": `richmenu-page-${page.key}` },
      h("h2", {}, `ページ「${page.key}」 — ${AUDIENCE[page.audience]}`),
      h("div", { class: "row" }, h("label", {}, "形：", layout), ...chatBar),
      tiles,
      h("div", { class: "row" }, previewLanguage, h("button", { type: "button", class: "secondary", onclick: refreshPreview, "data-testid": `richmenu-preview-button-${page.key}` }, "プレビューを更新")),
      preview,
    );
    errors.register(`pages.${pageIndex}`, section);
    void refreshPreview();
    return section;
  };

  const tileEditor = (page, pageIndex, area, i) => {
    const labels = data.languages.map((l) => {
      const input = h("input", { value: area.label[l] ?? "", maxlength: "12", "aria-label": `枠${i + 1}の文字（${LANGUAGE_LABEL[l] ?? l}）`, "data-testid": `richmenu-label-${page.key}-${i}-${l}` });
      input.addEventListener("input", () => {
        if (input.value.trim()) area.label[l] = input.value;
        else if (l !== "ja") delete area.label[l];
        else area.label[l] = "";
      });
      return h("label", {}, `${LANGUAGE_LABEL[l] ?? l}：`, input);
    });
    const icon = select(Object.entries(ICONS).map(([value, label]) => ({ value, label })), area.icon, { "aria-label": `枠${i + 1}の絵` });
    icon.addEventListener("change", () => (area.icon = icon.value));
    const kind = select(
      [
        { value: "flow", label: "会話を始める" },
        { value: "url", label: "ページを開く" },
        { value: "tab", label: "別のページに切り替える" },
      ],
      area.action.type,
      { "aria-label": `枠${i + 1}の動作` },
    );
    const target = h("span");
    const drawTarget = () => {
      if (area.action.type === "flow") {
        const s = select(flowOptions, area.action.flow, { "aria-label": `枠${i + 1}の会話` });
        s.addEventListener("change", () => (area.action = { type: "flow", flow: s.value }));
        setChildren(target, s);
      } else if (area.action.type === "url") {
        const input = h("input", { type: "url", value: area.action.url ?? "", placeholder: "https://", "aria-label": `枠${i + 1}のURL` });
        input.addEventListener("input", () => (area.action = { type: "url", url: input.value.trim() }));
        setChildren(target, input);
      } else {
        const others = def.pages.filter((p) => p.audience === page.audience && p.key !== page.key).map((p) => ({ value: p.key, label: `ページ「${p.key}」` }));
        const s = select(others, area.action.page, { "aria-label": `枠${i + 1}の切り替え先` });
        s.addEventListener("change", () => (area.action = { type: "tab", page: s.value }));
        setChildren(target, others.length ? s : "同じ対象のページがありません");
      }
    };
    kind.addEventListener("change", () => {
      const first = def.pages.find((p) => p.audience === page.audience && p.key !== page.key);
      area.action = kind.value === "flow" ? { type: "flow", flow: flowOptions[0]?.value ?? "menu" } : kind.value === "url" ? { type: "url", url: "" } : { type: "tab", page: first?.key ?? page.key };
      drawTarget();
    });
    drawTarget();
    const tile = h("fieldset", { class: "richmenu-tile" }, h("legend", {}, `枠${i + 1}`), ...labels, h("label", {}, "絵：", icon), h("label", {}, "動作：", kind), target);
    errors.register(`pages.${pageIndex}.areas.${i}`, tile);
    return tile;
  };

  let status = statusLine(data);
  const editable = can("staff");
  const save = h("button", { type: "button", class: "primary", "data-testid": "richmenu-save", disabled: !editable }, "保存");
  const apply = h("button", { type: "button", class: "primary", "data-testid": "richmenu-apply", disabled: !editable }, "LINE に適用");
  save.addEventListener("click", () =>
    busy(save, async () => {
      errors.clear();
      try {
        const answer = await api("PUT", "/richmenu", def);
        status.replaceWith((status = statusLine(answer)));
        flash("リッチメニューを保存しました。");
      } catch (err) {
        errors.show(err);
      }
    }),
  );
  apply.addEventListener("click", () =>
    busy(apply, async () => {
      errors.clear();
      try {
        await api("PUT", "/richmenu", def);
        const answer = await api("POST", "/richmenu/apply");
        status.replaceWith((status = statusLine(answer)));
        if (answer.status.state === "applied") flash("LINE に適用しました。住民のメニューが順に切り替わります。");
        else flash("LINE に適用できませんでした。理由を確認してください。", "error");
      } catch (err) {
        errors.show(err);
      }
    }),
  );
  setChildren(
    container,
    pageHeader("リッチメニュー"),
    h("p", { class: "hint" }, "トーク画面の下に出るメニューです。同意前の住民と登録後の住民で別のページが出ます。各言語の文字が空のときは日本語が出ます。"),
    status,
    errors.summary,
    def.pages.map((page, i) => pageEditor(page, i)),
    h("div", { class: "actions" }, save, apply),
  );
}
