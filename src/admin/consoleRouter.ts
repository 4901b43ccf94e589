// The staff console: static pages under /admin that work through /api/admin.
import express, { type Router } from "express";
import { fileURLToPath } from "node:url";

const consoleDir = fileURLToPath(new URL("./console/", import.meta.url));

export function consoleRouter(): Router {
  const router = express.Router();
  router.use("/admin", (_req, res, next) => {
    // The console is never framed (clickjacking) and loads nothing from elsewhere but images: a
    // message preview shows an event's picture from its https address, as residents will see it.
    res.setHeader("X-Frame-Options", "DENY");
    // blob: for the rich menu preview; https: for an event's picture in a message preview, fetched with the CSRF token and shown from memory.
    res.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    res.setHeader("Referrer-Policy", "same-origin");
    next();
  });
  // The first administrator's set-up page; the one-time token is in the address's #fragment, which
  // browsers never send to a server (nor to a proxy's log).
  router.get("/admin/setup", (_req, res) => res.sendFile("setup.html", { root: consoleDir }));
  router.use("/admin", express.static(consoleDir, { index: "index.html", fallthrough: true }));
  return router;
}
