// /healthz: the process is up. /readyz: and its database answers.
import express, { type Router } from "express";
import { type PrismaClient } from "../generated/prisma/client.ts";

export function healthRouter(prisma: PrismaClient): Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await prisma.$queryRaw`SELECT 1`;
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });
  return router;
}
