// The staff console: static pages under /admin that work through /api/admin.
import express, { type Router } from "express";
import { fileURLToPath } from "node:url";

const consoleDir = fileURLToPath(new URL("./console/", import.meta.url));

export function consoleRouter(): Router {
  const router = express.Router();
  router.use("/admin", (_req, res, next) => {
    // The console is never framed (clickjacking) and loads nothing from elsewhere.
    res.setHeader("X-Frame-Options", "DENY");
    // blob: for the rich menu preview, fetched with the CSRF token and shown from memory.
    res.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    res.setHeader("Referrer-Policy", "same-origin");
    next();
  });
  router.use("/admin", express.static(consoleDir, { index: "index.html", fallthrough: true }));
  return router;
}
