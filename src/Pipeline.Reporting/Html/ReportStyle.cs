namespace Pipeline.Reporting.Html;

/// <summary>The page's inline stylesheet: system fonts only, so the report looks right offline on any machine.</summary>
internal static class ReportStyle
{
    public const string Css = """

        :root { --ink: #1e293b; --muted: #64748b; --line: #e2e8f0; --accent: #2563eb; --up: #15803d; --down: #b91c1c; --bg: #f8fafc; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink);
               font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 1080px; margin: 0 auto; padding: 32px 24px 48px; }
        header { margin-bottom: 8px; }
        h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
        h2 { font-size: 20px; margin: 0 0 4px; }
        h3 { font-size: 16px; margin: 20px 0 8px; color: var(--muted); }
        .subtitle { margin: 0 0 16px; color: var(--muted); }
        .lead { margin: 0 0 16px; color: var(--muted); }
        .note { background: #fffbeb; border-left: 3px solid #f59e0b; padding: 8px 12px; margin: 8px 0; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin: 20px 0; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
        .card { flex: 1 1 180px; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
        .card-value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .card-label { color: var(--muted); font-size: 13px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
        tbody tr:nth-child(even) { background: #f8fafc; }
        tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
        td.num, th.num { text-align: right; white-space: nowrap; }
        td.detail { color: var(--muted); font-size: 13px; }
        .up { color: var(--up); font-weight: 600; }
        .down { color: var(--down); font-weight: 600; }
        .muted { color: var(--muted); }
        tr.best td { font-weight: 650; }
        tr.unused td { color: var(--muted); }
        .split { display: grid; grid-template-columns: minmax(220px, 1fr) 2fr; gap: 24px; align-items: start; }
        .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        @media (max-width: 800px) { .split, .pair { grid-template-columns: 1fr; } }
        figure { margin: 0; }
        img { max-width: 100%; height: auto; display: block; border-radius: 6px; }
        pre { background: #0f172a; color: #e2e8f0; padding: 14px 16px; border-radius: 8px; overflow-x: auto; font-size: 12.5px; }
        .status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: var(--line); }
        .status-ran { background: #dbeafe; color: #1d4ed8; }
        .status-cached { background: #dcfce7; color: #15803d; }
        .status-failed { background: #fee2e2; color: #b91c1c; }
        footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 32px; }

        """;
}
