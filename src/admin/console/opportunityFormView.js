// ボランティア募集の新規作成・編集: the fields of ZOpportunityInput with its shifts (rows added and
// removed by staff, up to 12). Times are typed in Tokyo time. On editing, a shift keeps its id so
// its sign-ups stay with it.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { fromLocalInput, toLocalInput } from "./format.js";
import { loadVolunteerOptions, volunteerTabs } from "./volunteerShared.js";
import { checkboxGroup, easyInput, englishInput, field, FormErrors, pageHeader } from "./ui.js";
import { loadPage, missingFields, recordForm, translatedField } from "./views.js";

/** LINE shows at most 12 cards in a carousel: one per shift (MAX_SHIFTS in volunteerTypes.ts). */
const MAX_SHIFTS = 12;

const BLANK = { title: "", description: "", organizer: null, areas: [], skills: [], districts: [], youthTargeted: false, shifts: [] };

export async function opportunityFormView(container, { params, navigate }) {
  const id = params[0];
  const pageTitle = id ? "ボランティア募集の編集" : "ボランティア募集の新規作成";
  const header = () => [pageHeader(pageTitle), volunteerTabs("opportunities")];
  const loaded = await loadPage(container, header, () => Promise.all([id ? api("GET", `/opportunities/${encodeURIComponent(id)}`) : Promise.resolve(undefined), loadVolunteerOptions()]));
  if (!loaded) return;
  const [answer, options] = loaded;
  const opportunity = answer ? answer.opportunity : BLANK;

  const errors = new FormErrors();
  const title = translatedField({ errors, record: opportunity, path: "title", label: "タイトル", required: true, hint: "例：海岸清掃ボランティア（60文字まで）", maxlength: 60, testid: "opportunity-title" });
  const description = translatedField({ errors, record: opportunity, path: "description", label: "説明", hint: "内容、持ち物、集合場所など（2000文字まで）", maxlength: 2000, testid: "opportunity-description", rows: 5, translationRows: 3 });
  const organizer = translatedField({ errors, record: opportunity, path: "organizer", label: "主催者", optional: true, hint: "市民団体などの名前（空欄なら市）", maxlength: 100, testid: "opportunity-organizer", placeholder: "空欄なら市の募集" });
  const areas = checkboxGroup({ legend: "分野", options: options.areas ?? [], selected: opportunity.areas, name: "areas", path: "areas", errors, testid: "opportunity-areas", hint: "この分野に関心のあるボランティアを案内します。選ばなければ分野を問いません" });
  const districts = checkboxGroup({ legend: "活動する地区", options: options.districts ?? [], selected: opportunity.districts, name: "districts", path: "districts", errors, testid: "opportunity-districts", hint: "この地区で活動できるボランティアを案内します。選ばなければ地区を問いません" });
  const skills = checkboxGroup({ legend: "求めるスキル", options: options.skills ?? [], selected: opportunity.skills, name: "skills", path: "skills", errors, testid: "opportunity-skills", hint: "案内に載ります（案内する相手の条件にはなりません）" });
  const youth = h("input", { type: "checkbox", checked: opportunity.youthTargeted, "data-testid": "opportunity-youth" });
  const youthBox = h(
    "div",
    { class: "field" },
    h("label", { class: "check" }, youth, h("span", {}, "若者向け（30歳未満にも案内）")),
    h("p", { class: "hint" }, "分野が合う10代・20代のボランティアには、地区や都合が合わなくても案内します。"),
  );
  errors.register("youthTargeted", youthBox);
  const shifts = shiftsEditor(opportunity.shifts ?? [], errors);

  const { form } = recordForm({
    name: "opportunity",
    collection: "opportunities",
    id,
    navigate,
    done: { created: "募集を作成しました。", saved: "募集を保存しました。" },
    errors,
    fields: [title.elements, description.elements, organizer.elements, shifts.element, areas.element, districts.element, skills.element, youthBox],
    read: () => ({
      ...title.values(null),
      ...description.values(null),
      ...organizer.values(null),
      areas: areas.values(),
      districts: districts.values(),
      skills: skills.values(),
      youthTargeted: youth.checked,
      shifts: shifts.value(),
    }),
    check: (body) =>
      missingFields([
        ["title", body.title, "タイトルを入力してください。"],
        ["shifts", body.shifts.length ? "ok" : "", "シフトを1つ以上入れてください。"],
        ...body.shifts.flatMap((s, i) => [
          [`shifts.${i}.startsAt`, s.startsAt, "開始の日時を入力してください。"],
          [`shifts.${i}.endsAt`, s.endsAt, "終了の日時を入力してください。"],
          [`shifts.${i}.place`, s.place, "場所を入力してください。"],
          [`shifts.${i}.needed`, s.needed, "必要人数を入力してください。"],
        ]),
      ]),
  });
  setChildren(container, header(), form);
}

/** シフト: rows of start, end, place and people needed. A new row starts with the place of the one above. */
function shiftsEditor(initial, errors) {
  const rows = initial.map((s) => ({ id: s.id, startsAt: toLocalInput(s.startsAt), endsAt: toLocalInput(s.endsAt), place: s.place, placeEn: s.placeEn ?? "", placeEasy: s.placeEasy ?? "", needed: String(s.needed) }));
  if (rows.length === 0) rows.push({ startsAt: "", endsAt: "", place: "", needed: "1" });
  const list = h("div", { class: "rows", "data-testid": "shifts" });
  const add = h("button", { type: "button", class: "secondary", "data-testid": "add-shift" }, "＋ シフトを追加");
  const element = h(
    "fieldset",
    { class: "field" },
    h("legend", {}, "シフト"),
    h("p", { class: "hint" }, `日時と場所ごとに分けて募集します（${MAX_SHIFTS}件まで）。必要人数を超えた申し込みはキャンセル待ちになります。`),
    list,
    add,
  );
  errors.register("shifts", element);

  function draw() {
    errors.unregisterPrefix("shifts.");
    list.replaceChildren(
      ...rows.map((row, i) => {
        const n = i + 1;
        const bind = (input, key) => {
          input.addEventListener("input", () => (row[key] = input.value));
          return input;
        };
        const startsAt = bind(h("input", { type: "datetime-local", value: row.startsAt, "data-testid": "shift-starts-at" }), "startsAt");
        const endsAt = bind(h("input", { type: "datetime-local", value: row.endsAt, "data-testid": "shift-ends-at" }), "endsAt");
        const place = bind(h("input", { type: "text", value: row.place, maxlength: "100", "data-testid": "shift-place" }), "place");
        const placeEn = bind(englishInput({ value: row.placeEn, maxlength: 100, testid: "shift-place-en" }), "placeEn");
        const placeEasy = bind(easyInput({ value: row.placeEasy, maxlength: 100, testid: "shift-place-easy" }), "placeEasy");
        const needed = bind(h("input", { type: "number", min: "1", max: "1000", step: "1", inputmode: "numeric", value: row.needed, "data-testid": "shift-needed" }), "needed");
        const remove = h("button", { type: "button", class: "secondary small", "aria-label": `シフト${n}を削除`, "data-testid": "remove-shift", disabled: rows.length <= 1 }, "削除");
        remove.addEventListener("click", () => {
          rows.splice(i, 1);
          draw();
          (list.querySelectorAll("[data-testid=shift-starts-at]")[Math.min(i, rows.length - 1)] ?? add).focus();
        });
        return h(
          "div",
          { class: "shift-editor", "data-testid": "shift-row" },
          h("h3", { class: "shift-number" }, `シフト${n}`, row.id ? h("span", { class: "tag" }, "登録済み") : null),
          h(
            "div",
            { class: "shift-fields" },
            field({ label: `開始（シフト${n}）`, input: startsAt, path: `shifts.${i}.startsAt`, errors, required: true }),
            field({ label: `終了（シフト${n}）`, input: endsAt, path: `shifts.${i}.endsAt`, errors, required: true }),
            field({ label: `場所（シフト${n}）`, input: place, path: `shifts.${i}.place`, errors, required: true }),
            field({ label: `英語訳（場所・シフト${n}）`, input: placeEn, path: `shifts.${i}.placeEn`, errors, hint: "任意" }),
            field({ label: `やさしい日本語（場所・シフト${n}）`, input: placeEasy, path: `shifts.${i}.placeEasy`, errors, hint: "任意。空欄なら日本語が届きます" }),
            field({ label: `必要人数（シフト${n}）`, input: needed, path: `shifts.${i}.needed`, errors, required: true }),
          ),
          remove,
        );
      }),
    );
    add.disabled = rows.length >= MAX_SHIFTS;
  }
  add.addEventListener("click", () => {
    const above = rows.at(-1);
    rows.push({ startsAt: "", endsAt: "", place: above?.place ?? "", placeEn: above?.placeEn ?? "", placeEasy: above?.placeEasy ?? "", needed: above?.needed ?? "1" });
    draw();
    const starts = list.querySelectorAll("[data-testid=shift-starts-at]");
    starts[starts.length - 1]?.focus();
  });
  draw();
  return {
    element,
    value: () =>
      rows.map((r) => ({
        ...(r.id ? { id: r.id } : {}),
        startsAt: fromLocalInput(r.startsAt),
        endsAt: fromLocalInput(r.endsAt),
        place: r.place.trim(),
        placeEn: (r.placeEn ?? "").trim() || null,
        placeEasy: (r.placeEasy ?? "").trim() || null,
        needed: r.needed.trim() === "" ? "" : Number(r.needed),
      })),
  };
}
