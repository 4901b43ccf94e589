// Types of build.mjs, for the TypeScript that imports it (bench/builtBot.ts).
export function isBuildCurrent(): boolean;
/** Builds src/ into dist/; resolves to the milliseconds it took. */
export function build(): Promise<number>;
