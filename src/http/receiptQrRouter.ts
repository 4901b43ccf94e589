// The QR code of an event receipt number, at a public address LINE can fetch for the card
// (GET /qr/receipts/E3-1A2B3C4D.png). It holds only the number the resident already has; only
// receipt-shaped text is drawn, so this is no QR service for anything else.
import express from "express";
import { qrPng } from "./qrPng.ts";

const RECEIPT = /^E\d{1,9}-[0-9A-F]{8}$/;

export function receiptQrRouter(): express.Router {
  const router = express.Router();
  router.get("/qr/receipts/:file", (req, res) => {
    const receipt = String(req.params.file).replace(/\.png$/, "");
    if (!RECEIPT.test(receipt) || !String(req.params.file).endsWith(".png")) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    res.set({ "content-type": "image/png", "cache-control": "public, max-age=86400, immutable" }).send(qrPng(receipt));
  });
  return router;
}
