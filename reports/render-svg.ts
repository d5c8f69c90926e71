// vega-lite → vega → SVG on the server (headless View, renderer 'none'): the report carries finished pictures,
// so it opens offline, prints, and runs no script.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderedSvg {
  svg: string;
  /** What vega-lite and vega warned about (a conflicting scale, a dropped encoding…): tests require none. */
  warnings: string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    // The SVG keeps its own width/height (the print size); CSS lets it shrink on narrow screens.
    return { svg: svg.replace('<svg ', '<svg role="img" preserveAspectRatio="xMinYMin meet" '), warnings };
  } finally {
    view.finalize();
  }
}

/** A vega logger that keeps warnings and errors instead of printing them in the middle of the CLI's output. */
function collectingLogger(into: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger: vega.LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level as never;
      level = value;
      return logger as never;
    },
    error(...args: readonly unknown[]) {
      into.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      into.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}
