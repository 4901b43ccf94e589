// The child process that draws rich menu images (started by richMenuImages.ts): one PNG for each
// page and language it is sent.
import { serveChildProcess } from "../childProcess.ts";
import { drawRichMenu } from "./drawRichMenu.ts";
import type { TRichMenuImageRequest } from "./richMenuImages.ts";

serveChildProcess((requests: TRichMenuImageRequest[]) => requests.map((r) => drawRichMenu(r.page, r.language)));
