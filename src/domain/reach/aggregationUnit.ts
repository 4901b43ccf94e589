// A send's name at LINE for its statistics: a custom aggregation unit (^[a-zA-Z0-9_]{1,30}$),
// derived from the send id so that nothing more needs storing to find it again.

export function aggregationUnitOf(sendId: string): string {
  return `s${sendId.replace(/-/g, "").slice(0, 29)}`;
}
