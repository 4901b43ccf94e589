// Pictures staff upload for event cards. The type is read from the file's first bytes (not from
// its name or what the browser claims): PNG or JPEG only, at most 1 MB. Kept in the database, so
// every bot process serves them and a backup holds them.
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { ValidationError } from "../../errors.ts";
import { isUuid } from "../isUuid.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";

export const MAX_IMAGE_BYTES = 1024 * 1024;

const kinds = [
  { contentType: "image/png", ext: "png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: "image/jpeg", ext: "jpg", magic: [0xff, 0xd8, 0xff] },
] as const;

/** The image's type from its first bytes, or undefined when it is neither PNG nor JPEG. */
export function imageKind(bytes: Uint8Array): (typeof kinds)[number] | undefined {
  return kinds.find((k) => k.magic.every((b, i) => bytes[i] === b));
}

export const imagePath = (id: string, contentType: string) => `/images/${id}.${contentType === "image/png" ? "png" : "jpg"}`;

export class UploadedImages {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores the picture; returns its public path (under PUBLIC_URL). */
  async upload(bytes: Uint8Array, staff: TStaffActor): Promise<{ id: string; path: string; contentType: string; size: number }> {
    if (bytes.length === 0) throw new ValidationError("画像ファイルが空です。");
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw new ValidationError(`画像が大きすぎます（${(bytes.length / 1024 / 1024).toFixed(1)}MB）。1MBまでの画像にしてください。`);
    }
    const kind = imageKind(bytes);
    if (!kind) throw new ValidationError("PNG か JPEG の画像を選んでください。");
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.uploadedImage.create({ data: { contentType: kind.contentType, bytes: Buffer.from(bytes), size: bytes.length, uploadedBy: actorName(staff) } });
      await recordAudit(tx, { actor: actorName(staff), action: "event.image_uploaded", target: `image:${created.id}`, detail: { type: kind.ext, bytes: bytes.length } });
      return created;
    });
    return { id: row.id, path: imagePath(row.id, row.contentType), contentType: row.contentType, size: row.size };
  }

  async find(id: string): Promise<{ contentType: string; bytes: Uint8Array } | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.uploadedImage.findUnique({ where: { id } });
    return row ? { contentType: row.contentType, bytes: row.bytes } : undefined;
  }
}
