namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// The HTML report's inline style sheet: readable type, colored outcome badges and matrix cells, transcripts as
/// scrollable monospace boxes of bounded height, diagrams in a bounded box that scrolls both ways, and a highlight for
/// the run a link jumped to.
/// </summary>
internal static class HtmlStyle
{
    /// <summary>The CSS (no url(), no import: nothing is fetched).</summary>
    public const string Css = """
        :root { --border: #d0d7de; --muted: #57606a; --code-bg: #f6f8fa; }
        html { scroll-behavior: auto; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 15px; line-height: 1.45; margin: 0 auto; padding: 1.2em 1.5em 4em; max-width: 1600px; color: #1f2328; }
        h1 { font-size: 1.6em; margin: .2em 0 .3em; } h2 { font-size: 1.25em; margin: 1.8em 0 .6em; border-bottom: 1px solid var(--border); padding-bottom: .2em; }
        h3 { font-size: 1.05em; margin: 0; display: flex; align-items: center; gap: .5em; flex-wrap: wrap; }
        h4 { font-size: .95em; margin: 1em 0 .35em; }
        a { color: #0b5cad; } a.top { margin-left: auto; font-size: .85em; font-weight: normal; }
        nav.jump { margin: .6em 0; } nav.jump a { margin-right: 1.2em; }
        p.meta { color: var(--muted); margin: .2em 0 .8em; }
        table { border-collapse: collapse; } th, td { border: 1px solid var(--border); padding: .25em .6em; vertical-align: top; }
        th { background: var(--code-bg); text-align: left; font-weight: 600; }
        table.totals td:last-child { text-align: right; min-width: 3em; }
        table.matrix td.cell { text-align: center; padding: 0; } table.matrix td.cell a, table.matrix td.cell span { display: block; padding: .25em .6em; color: inherit; text-decoration: none; }
        table.matrix td.cell a:hover { text-decoration: underline; } table.matrix th.scenario { white-space: nowrap; } table.matrix { display: block; max-width: 100%; overflow-x: auto; }
        table.failures td.reason { max-width: 60em; overflow-wrap: anywhere; } table.failures td.run, table.failures td.step { white-space: nowrap; }
        .pass { background: #d3f5d6; } .fail { background: #fbc9c9; font-weight: bold; }
        .unimplemented { background: #fdeab5; } .disabled { background: #e4e4e4; } .none { color: #8c959f; }
        .badge { display: inline-block; min-width: 6.5em; text-align: center; border-radius: 3px; padding: 0 .4em; font-size: .85em; font-weight: 600; }
        section.run { border: 1px solid var(--border); border-radius: 6px; margin: .6em 0; padding: .5em .8em; scroll-margin-top: .5em; }
        section.run.o-pass { border-left: 6px solid #2da44e; } section.run.o-fail { border-color: #e5a0a0; border-left: 6px solid #d62728; }
        section.run.o-unimplemented { border-left: 6px solid #d4a72c; } section.run.o-disabled { border-left: 6px solid #8c959f; }
        section.run:target { outline: 3px solid #4a6fb5; outline-offset: 1px; }
        section.brief p { margin: .25em 0 0; } p.facts { color: var(--muted); font-size: .9em; } p.desc { font-size: .93em; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        code.replay { background: var(--code-bg); border: 1px solid var(--border); border-radius: 3px; padding: .05em .35em; overflow-wrap: anywhere; user-select: all; }
        dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2em 1em; margin: .6em 0; }
        dt { font-weight: 600; } dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: .5em .7em; margin: .3em 0; white-space: pre; overflow: auto; }
        pre.transcript { max-height: 28em; line-height: 1.35; } pre.mermaid { max-height: 20em; }
        pre.reason { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 12em; margin: 0; background: #fff5f5; border-color: #e5a0a0; }
        .diagram { overflow: auto; max-height: 80vh; border: 1px solid var(--border); border-radius: 4px; background: #fff; }
        .diagram svg { display: block; }
        details > summary { cursor: pointer; padding: .2em 0; color: #0b5cad; }
        """;
}
