// イベントの新規作成・編集: the fields of ZEventCreate / ZEventInput. Times are typed in Tokyo time.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber, fromLocalInput, toLocalInput } from "./format.js";
import { audienceField } from "./audienceField.js";
import { budgetNumbers } from "./settingsBudget.js";
import { field, flash, FormErrors, pageHeader } from "./ui.js";
import { loadPage, missingFields, recordForm, translatedField } from "./views.js";

/** A number input's value: "" stays "" (reported as missing), anything else a number for the API to check. */
const numberOf = (input) => (input.value.trim() === "" ? "" : Number(input.value));

const BLANK = {
  title: "",
  description: "",
  imageUrl: null,
  startsAt: "",
  endsAt: null,
  place: "",
  mapUrl: null,
  capacity: "",
  signupDeadline: "",
  audience: {},
  maxCompanions: 0,
  organizer: null,
};

export async function eventFormView(container, { params, navigate }) {
  const id = params[0];
  const pageTitle = id ? "イベントの編集" : "イベントの新規作成";
  const event = await loadPage(container, () => pageHeader(pageTitle), async () => (id ? (await api("GET", `/events/${encodeURIComponent(id)}`)).event : BLANK));
  if (!event) return;

  const errors = new FormErrors();
  const title = translatedField({ errors, record: event, path: "title", label: "タイトル", required: true, hint: "例：青海島クリーン作戦（60文字まで）", maxlength: 60, testid: "event-title" });
  const description = translatedField({ errors, record: event, path: "description", label: "説明", hint: "持ち物、集合場所などの案内（2000文字まで）", maxlength: 2000, testid: "event-description", rows: 5, translationRows: 3 });
  const place = translatedField({ errors, record: event, path: "place", label: "場所", required: true, hint: "例：長門市役所 2階 大会議室", maxlength: 100, testid: "event-place" });
  const organizer = translatedField({ errors, record: event, path: "organizer", label: "主催者", optional: true, hint: "市民団体などの名前（空欄なら市）", maxlength: 100, testid: "event-organizer", placeholder: "空欄なら市の主催" });
  const startsAt = h("input", { type: "datetime-local", value: toLocalInput(event.startsAt), "data-testid": "event-starts-at" });
  const endsAt = h("input", { type: "datetime-local", value: toLocalInput(event.endsAt), "data-testid": "event-ends-at" });
  const mapUrl = h("input", { type: "url", value: event.mapUrl ?? "", placeholder: "https://maps.google.com/...", "data-testid": "event-map-url" });
  const imageUrl = h("input", { type: "url", value: event.imageUrl ?? "", placeholder: "https://www.city.example.jp/....jpg", "data-testid": "event-image-url" });
  const capacity = h("input", { type: "number", min: "1", step: "1", inputmode: "numeric", value: String(event.capacity ?? ""), "data-testid": "event-capacity" });
  const maxCompanions = h("input", { type: "number", min: "0", max: "10", step: "1", inputmode: "numeric", value: String(event.maxCompanions ?? 0), "data-testid": "event-max-companions" });
  const signupDeadline = h("input", { type: "datetime-local", value: toLocalInput(event.signupDeadline), "data-testid": "event-deadline" });
  const audience = await audienceField({ audience: event.audience ?? {}, errors });
  const announceNow = h("input", { type: "checkbox", "data-testid": "event-announce-now" });

  const announceBox = id
    ? null
    : h(
        "div",
        { class: "field" },
        h("label", { class: "check" }, announceNow, h("span", {}, "作成して告知する")),
        h("p", { class: "hint" }, "チェックすると、作成と同時に対象者へLINEでお知らせします。後から詳細画面の「今すぐ告知」でも送れます。"),
      );
  if (announceBox) errors.register("announceNow", announceBox);

  const { form, submit } = recordForm({
    name: "event",
    collection: "events",
    id,
    navigate,
    errors,
    fields: [
      title.elements,
      description.elements,
      h(
        "div",
        { class: "grid-2" },
        field({ label: "開始（日本時間）", input: startsAt, path: "startsAt", errors, required: true }),
        field({ label: "終了（日本時間）", input: endsAt, path: "endsAt", errors, hint: "空欄でも作れます" }),
      ),
      h("div", { class: "grid-2" }, place.main, field({ label: "地図のURL", input: mapUrl, path: "mapUrl", errors, hint: "お知らせに「地図」ボタンが付きます（任意）" })),
      place.translations,
      h(
        "div",
        { class: "grid-3" },
        field({ label: "定員（席）", input: capacity, path: "capacity", errors, required: true, hint: "同伴者を含む席数。超えた申し込みはキャンセル待ち" }),
        field({ label: "同伴者の上限（1人あたり）", input: maxCompanions, path: "maxCompanions", errors, hint: "0なら本人のみ（10人まで）" }),
        field({ label: "申し込み締切（日本時間）", input: signupDeadline, path: "signupDeadline", errors, required: true, hint: "開始より前" }),
      ),
      h(
        "div",
        { class: "grid-2" },
        organizer.main,
        h("div", {}, field({ label: "画像のURL", input: imageUrl, path: "imageUrl", errors, hint: "https:// の画像。お知らせのカードに載ります（任意）" }), imageUpload(imageUrl)),
      ),
      organizer.translations,
      audience.element,
      announceBox,
    ],
    read: () => ({
      ...title.values(null),
      ...description.values(null),
      ...place.values(null),
      ...organizer.values(null),
      imageUrl: imageUrl.value.trim() || null,
      startsAt: fromLocalInput(startsAt.value),
      endsAt: fromLocalInput(endsAt.value) || null,
      mapUrl: mapUrl.value.trim() || null,
      capacity: numberOf(capacity),
      signupDeadline: fromLocalInput(signupDeadline.value),
      audience: audience.value(),
      maxCompanions: numberOf(maxCompanions) === "" ? 0 : numberOf(maxCompanions),
    }),
    check: (body) =>
      missingFields([
        ["title", body.title, "タイトルを入力してください。"],
        ["startsAt", body.startsAt, "開始の日時を入力してください。"],
        ["place", body.place, "場所を入力してください。"],
        ["capacity", body.capacity, "定員を入力してください。"],
        ["signupDeadline", body.signupDeadline, "申し込み締切の日時を入力してください。"],
      ]),
    save: async (body) => {
      if (id) {
        const answer = await api("PUT", `/events/${encodeURIComponent(id)}`, body);
        flash(answer.promoted ? `イベントを保存しました。キャンセル待ちの ${formatNumber(answer.promoted)}人 が繰り上がりました。` : "イベントを保存しました。");
        navigate(`#/events/${encodeURIComponent(id)}`);
        return;
      }
      const answer = await api("POST", "/events", { ...body, announceNow: announceNow.checked });
      const saved = answer.event;
      flash(createdMessage(answer.announcement), answer.announcement && !answer.announcement.sent && answer.announcement.budget?.exceeds ? "error" : "ok");
      navigate(`#/events/${encodeURIComponent(saved.id)}`);
    },
  });
  // The submit button says what will happen: creating alone, or creating and telling residents.
  announceNow.addEventListener("change", () => (submit.textContent = announceNow.checked ? "作成して告知する" : "作成する"));
  setChildren(container, pageHeader(pageTitle), form);
}

function createdMessage(announcement) {
  if (!announcement) return "イベントを作成しました。";
  if (announcement.sent) return `イベントを作成し、${formatNumber(announcement.recipients)}人 にお知らせしました。`;
  if (announcement.budget?.exceeds) {
    return `イベントを作成しましたが、今月の送信上限を超えるため告知していません。${budgetNumbers(announcement.budget)}詳細画面の「今すぐ告知」から送れます（上限を超える場合は管理者の確認が必要です）。`;
  }
  return "イベントを作成しました（お知らせする対象者がいませんでした）。";
}

/** 画像をアップロード: a PNG or JPEG of at most 1 MB, checked here and again by the API; its public address goes into the URL field. */
function imageUpload(urlInput) {
  const file = h("input", { type: "file", accept: "image/png,image/jpeg", "data-testid": "event-image-file" });
  const status = h("p", { class: "hint", "aria-live": "polite", "data-testid": "event-image-status" });
  const thumb = h("img", { class: "thumb", alt: "", hidden: !urlInput.value, src: urlInput.value || undefined, "data-testid": "event-image-thumb" });
  urlInput.addEventListener("change", () => {
    thumb.hidden = !urlInput.value;
    if (urlInput.value) thumb.src = urlInput.value;
  });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    status.classList.remove("field-error");
    const fail = (text) => {
      status.textContent = text;
      status.classList.add("field-error");
      file.value = "";
    };
    if (!["image/png", "image/jpeg"].includes(chosen.type)) return fail("PNG か JPEG の画像を選んでください。");
    if (chosen.size > 1024 * 1024) return fail(`画像が大きすぎます（${(chosen.size / 1024 / 1024).toFixed(1)}MB）。1MBまでの画像にしてください。`);
    status.textContent = "アップロード中…";
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const answer = await api("POST", "/images", { data: btoa(binary) });
      urlInput.value = answer.url;
      thumb.src = answer.url;
      thumb.hidden = false;
      status.textContent = `アップロードしました（${Math.ceil(answer.size / 1024)}KB）。保存するとカードに載ります。`;
    } catch (err) {
      fail(err.issues?.[0]?.message ?? err.message);
    }
  });
  return h("div", { class: "field" }, h("label", {}, "または画像をアップロード", file), status, thumb);
}
