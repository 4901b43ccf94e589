// Uploading a picture for an event's card (tag "events"): the console sends the file as base64 in
// JSON; the answer is the public address to put in the event's imageUrl.
import { z } from "zod";
import { defineRoute, type TRoute } from "../defineRoute.ts";
import { type UploadedImages } from "../../domain/images/UploadedImages.ts";

export const ZImageUpload = z.object({
  /** The file's bytes, base64. */
  data: z.base64("画像のデータが読めません。もう一度選んでください。"),
});

export function imageRoutes(images: UploadedImages, publicUrl: string): TRoute[] {
  return [
    defineRoute({
      method: "post", path: "/images", tag: "events", role: "staff", status: 201,
      
      summary: "Upload a picture (PNG or JPEG, checked by its content, at most 1 MB) as base64; answers its public url (under PUBLIC_URL) for an event's imageUrl",
      body: ZImageUpload,
      response: z.object({ url: z.string(), contentType: z.string(), size: z.number() }),
      handler: async ({ body, staff }) => {
        const saved = await images.upload(Buffer.from(body.data, "base64"), staff);
        return { url: `${publicUrl.replace(/\/+$/, "")}${saved.path}`, contentType: saved.contentType, size: saved.size };
      },
    }),
  ];
}
