// Every button action in a Flex message (or any part of one), in order: what a resident could tap.
export type TFlexAction = { type: string; label: string; data?: string; uri?: string };

export function flexActions(node: unknown): TFlexAction[] {
  if (!node || typeof node !== "object") return [];
  const here = "action" in node && (node as { action: TFlexAction }).action?.label ? [(node as { action: TFlexAction }).action] : [];
  return [...here, ...Object.values(node).flatMap(flexActions)];
}
