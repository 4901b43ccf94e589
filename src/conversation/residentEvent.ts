// What a resident did, as the conversation layer sees it: nothing of LINE's wire format.
export type TResidentEvent =
  | { type: "follow" }
  | { type: "unfollow" }
  | { type: "text"; text: string }
  | { type: "postback"; data: string; params?: { date?: string; time?: string; datetime?: string } }
  /** A sticker, image, location...: not something a flow can read. */
  | { type: "other" };
