// One errors module. Each error carries what a caller needs to answer well.

export class AppError extends Error {
  constructor(message: string, readonly status = 500, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 404);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, 403);
  }
}

/** One problem with an input: where (a dotted path, "" for the input as a whole) and what. */
export type TInputIssue = { path: string; message: string };

/**
 * Every input error (400), whether zod found it or a service did: the admin API answers
 * `{ error, issues }` for both. A bare string issue concerns the input as a whole.
 */
export class ValidationError extends AppError {
  constructor(message: string, readonly issues: (TInputIssue | string)[] = []) {
    super(message, 400);
  }

  /** One field is wrong, said in the words the input checks use. */
  static at(path: string, message: string): ValidationError {
    return new ValidationError("入力内容を確認してください。", [{ path, message }]);
  }
}

export type TFlowProblem = { file: string; line?: number; column?: number; path?: string; message: string };

/** Flow files that cannot be used: says which file, where, and why, for every problem found. */
export class FlowFileError extends Error {
  constructor(readonly problems: TFlowProblem[]) {
    super(
      problems
        .map((p) => `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""}${p.path ? ` (${p.path})` : ""}: ${p.message}`)
        .join("\n"),
    );
    this.name = "FlowFileError";
  }
}

/** Prisma error codes, named once. */
export const PrismaCode = {
  uniqueViolation: "P2002",
  notFound: "P2025",
} as const;

export function isPrismaError(err: unknown, code: (typeof PrismaCode)[keyof typeof PrismaCode]): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === code;
}
