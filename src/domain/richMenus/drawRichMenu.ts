// Draws a rich menu page's image: one tile per area with its icon and label, in a Japanese font,
// as a PNG of the layout's size (LINE takes at most 1 MB; flat colours keep it near 100 KB).
import { existsSync } from "node:fs";
import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import { menuText, richMenuLayouts, type TRichMenuArea, type TRichMenuPage } from "./richMenuTypes.ts";

export const MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;

// Debian's fonts-noto-cjk (installed by .ci/run and the Dockerfile); the first one found is used.
const FONT_FILES = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
  "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
];
const FAMILY = "CityVoiceJapanese";
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  const file = FONT_FILES.find((f) => existsSync(f));
  if (!file) throw new Error(`No Japanese font found for the rich menu image (install fonts-noto-cjk; looked in ${FONT_FILES.join(", ")})`);
  GlobalFonts.registerFromPath(file, FAMILY);
  fontReady = true;
}

const COLORS: Record<TRichMenuArea["icon"], string> = {
  start: "#06a35a",
  info: "#2f6fb5",
  privacy: "#5b6770",
  poll: "#e07b00",
  comment: "#2f6fb5",
  event: "#c2410c",
  volunteer: "#0f8a6a",
  person: "#7048b5",
  inquiry: "#b5306f",
  home: "#5b6770",
  link: "#2f6fb5",
  more: "#5b6770",
};

/** Each icon: white strokes in a box of side 2 around (0, 0). */
function drawIcon(g: SKRSContext2D, icon: TRichMenuArea["icon"]): void {
  g.beginPath();
  switch (icon) {
    case "start":
      g.moveTo(-0.45, -0.6);
      g.lineTo(0.6, 0);
      g.lineTo(-0.45, 0.6);
      g.closePath();
      g.fill();
      return;
    case "info":
      g.arc(0, -0.55, 0.14, 0, Math.PI * 2);
      g.fill();
      g.fillRect(-0.12, -0.25, 0.24, 0.85);
      return;
    case "privacy":
      g.fillRect(-0.5, -0.1, 1, 0.75);
      g.moveTo(-0.3, -0.1);
      g.arc(0, -0.1, 0.3, Math.PI, 0);
      g.stroke();
      return;
    case "poll":
      g.fillRect(-0.6, 0.1, 0.3, 0.5);
      g.fillRect(-0.15, -0.5, 0.3, 1.1);
      g.fillRect(0.3, -0.2, 0.3, 0.8);
      return;
    case "comment":
      g.roundRect(-0.65, -0.55, 1.3, 0.9, 0.2);
      g.moveTo(-0.3, 0.3);
      g.lineTo(-0.4, 0.7);
      g.lineTo(0.05, 0.3);
      g.fill();
      return;
    case "event":
      g.rect(-0.6, -0.45, 1.2, 1.05);
      g.stroke();
      g.fillRect(-0.6, -0.45, 1.2, 0.3);
      g.fillRect(-0.35, -0.7, 0.12, 0.35);
      g.fillRect(0.23, -0.7, 0.12, 0.35);
      return;
    case "volunteer": {
      // A heart.
      g.moveTo(0, 0.65);
      g.bezierCurveTo(-0.9, 0, -0.6, -0.75, 0, -0.3);
      g.bezierCurveTo(0.6, -0.75, 0.9, 0, 0, 0.65);
      g.fill();
      return;
    }
    case "person":
      g.arc(0, -0.35, 0.3, 0, Math.PI * 2);
      g.fill();
      g.beginPath();
      g.ellipse(0, 0.55, 0.6, 0.4, 0, Math.PI, 0);
      g.fill();
      return;
    case "inquiry":
      g.arc(0, -0.25, 0.35, Math.PI * 1.1, Math.PI * 0.4);
      g.lineTo(0, 0.25);
      g.stroke();
      g.beginPath();
      g.arc(0, 0.55, 0.1, 0, Math.PI * 2);
      g.fill();
      return;
    case "home":
      g.moveTo(-0.7, 0);
      g.lineTo(0, -0.65);
      g.lineTo(0.7, 0);
      g.closePath();
      g.fill();
      g.fillRect(-0.45, 0, 0.9, 0.6);
      return;
    case "link":
      g.arc(0, 0, 0.6, 0, Math.PI * 2);
      g.moveTo(-0.6, 0);
      g.lineTo(0.6, 0);
      g.moveTo(0, -0.6);
      g.ellipse(0, 0, 0.25, 0.6, 0, -Math.PI / 2, Math.PI * 1.5);
      g.stroke();
      return;
    case "more":
      for (const x of [-0.45, 0, 0.45]) {
        g.beginPath();
        g.arc(x, 0, 0.13, 0, Math.PI * 2);
        g.fill();
      }
      return;
  }
}

/** The PNG of one page in one language. */
export function drawRichMenu(page: TRichMenuPage, language: string): Buffer {
  ensureFont();
  const { width, height, columns, rows } = richMenuLayouts[page.layout];
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, width, height);
  const cellW = width / columns;
  const cellH = height / rows;
  page.areas.forEach((area, i) => {
    const x = (i % columns) * cellW;
    const y = Math.floor(i / columns) * cellH;
    const cx = x + cellW / 2;
    const color = COLORS[area.icon];
    // Icon in a coloured circle, label below: large enough for older eyes on a small phone.
    const r = Math.min(cellW, cellH) * 0.24;
    const cy = y + cellH * 0.38;
    g.fillStyle = color;
    g.beginPath();
    g.arc(cx, cy, r, 0, Math.PI * 2);
    g.fill();
    g.save();
    g.translate(cx, cy);
    g.scale(r * 0.75, r * 0.75);
    g.fillStyle = "#ffffff";
    g.strokeStyle = "#ffffff";
    g.lineWidth = 0.16;
    drawIcon(g, area.icon);
    g.restore();
    const label = menuText(area.label, language);
    let size = Math.round(cellH * 0.14);
    g.font = `bold ${size}px ${FAMILY}`;
    while (g.measureText(label).width > cellW * 0.9 && size > 40) {
      size -= 4;
      g.font = `bold ${size}px ${FAMILY}`;
    }
    g.fillStyle = "#1f2933";
    g.textAlign = "center";
    g.textBaseline = "middle";
    g.fillText(label, cx, y + cellH * 0.8);
  });
  // Dividers between tiles.
  g.strokeStyle = "#d0d7de";
  g.lineWidth = 6;
  for (let c = 1; c < columns; c++) {
    g.beginPath();
    g.moveTo(c * cellW, 0);
    g.lineTo(c * cellW, height);
    g.stroke();
  }
  for (let r = 1; r < rows; r++) {
    g.beginPath();
    g.moveTo(0, r * cellH);
    g.lineTo(width, r * cellH);
    g.stroke();
  }
  const png = canvas.toBuffer("image/png");
  if (png.length > MAX_RICH_MENU_IMAGE_BYTES) throw new Error(`The rich menu image is ${png.length} bytes; LINE takes at most 1 MB`);
  return png;
}
