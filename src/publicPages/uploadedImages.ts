// Uploaded pictures at /images/<id>.png|jpg: public (LINE fetches them for the cards), never
// anything but the stored image with its checked type.
import express, { type Router } from "express";
import { type UploadedImages } from "../domain/images/UploadedImages.ts";

export function uploadedImagesRouter(images: UploadedImages): Router {
  const router = express.Router();
  router.get("/images/:file", async (req, res, next) => {
    try {
      const match = /^([0-9a-f-]{36})\.(png|jpg)$/i.exec(req.params.file);
      const image = match ? await images.find(match[1]!) : undefined;
      if (!image) {
        res.status(404).type("text/plain").send("Not found");
        return;
      }
      res.setHeader("Content-Type", image.contentType);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'");
      // An id names one picture forever: caches may keep it.
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      res.send(Buffer.from(image.bytes));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
