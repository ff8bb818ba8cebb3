/**
 * Remembers the main window's size, position and maximised state between runs (a small JSON file in
 * userData). A missing or damaged file gives the default bounds; nothing here can stop the app from starting.
 */
import { readFile } from 'node:fs/promises';
import { atomicWrite } from './fs/atomic-fs';
import { z } from 'zod';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800, maximized: false };

const boundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean(),
});

export async function loadWindowBounds(file: string): Promise<WindowBounds> {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_BOUNDS;
  } catch {
    return DEFAULT_BOUNDS;
  }
}

export async function saveWindowBounds(file: string, bounds: WindowBounds): Promise<void> {
  await atomicWrite(file, `${JSON.stringify(bounds)}\n`);
}
