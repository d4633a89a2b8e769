// The `diagnostics` namespace: the renderer's log lines, which main writes to the app's log
// file, because the renderer has no file access of its own.
import { z } from 'zod';

import { invoke } from './define';

export const RENDERER_LOG_LEVELS = ['info', 'warn', 'error'] as const;

/** Maximum message length main accepts. A stack trace of a few dozen frames fits. */
export const MAX_RENDERER_LOG_LENGTH = 8_000;

const MAX_CONTEXT_KEYS = 20;

export const rendererLogSchema = z.strictObject({
  level: z.enum(RENDERER_LOG_LEVELS),
  message: z.string().min(1).max(MAX_RENDERER_LOG_LENGTH),
  /** Plain values that help find the cause, such as the screen or the transfer id. */
  context: z
    .record(z.string().max(64), z.union([z.string().max(1_000), z.number(), z.boolean()]))
    .refine((value) => Object.keys(value).length <= MAX_CONTEXT_KEYS, {
      message: `give at most ${MAX_CONTEXT_KEYS} context values`,
    })
    .optional(),
});

export type RendererLogEntry = z.output<typeof rendererLogSchema>;

export const diagnostics = {
  log: invoke('diagnostics:log', rendererLogSchema, z.null()),
} as const;
