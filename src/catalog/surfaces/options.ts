import type { PublishedTool } from '../surface-types.js';

/** Publishing settings every surface builder receives. */
export interface SurfaceOptions {
  /** Descriptions longer than this are cut with an ellipsis. */
  descriptionMaxLength: number;
  /** The naming separator; when it has no `.`, generated names avoid dots too. */
  separator: string;
}

/** What a surface builder publishes for a view's selected tools. */
export interface SurfaceResult {
  tools: PublishedTool[];
  warnings: string[];
}
