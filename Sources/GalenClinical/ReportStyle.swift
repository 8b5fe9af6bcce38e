/// The report's inline style sheet: system fonts only, print-friendly, no external resources.
enum ReportStyle {
    static let css = """
    :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --page: #f3f5f8;
            --accent: #1b6bb0; --warn-bg: #fff8e6; --warn-line: #f0c36d; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--page); color: var(--ink);
           font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
    main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 48px; }
    header h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.25; overflow-wrap: anywhere; }
    header p { margin: 0; color: var(--muted); }
    section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
              padding: 18px 22px; margin-top: 18px; break-inside: avoid; }
    h2 { font-size: 18px; margin: 0 0 12px; }
    h3 { font-size: 15px; margin: 16px 0 8px; }
    p.explain { color: var(--muted); margin: 6px 0 0; font-size: 13px; }
    .notes { background: var(--warn-bg); border-color: var(--warn-line); }
    .notes ul { margin: 0; padding-left: 20px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }
    .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
    .card .label { color: var(--muted); font-size: 12.5px; }
    .card .value { font-size: 26px; font-weight: 650; line-height: 1.2; }
    .card .ci { color: var(--muted); font-size: 12.5px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-weight: 600; background: #f8fafc; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    table.kv th { width: 220px; background: none; color: var(--muted); font-weight: 500; }
    td .ci { color: var(--muted); font-size: 12.5px; }
    .tag { display: inline-block; font-size: 11px; font-weight: 500; color: var(--muted);
           border: 1px solid var(--line); border-radius: 999px; padding: 0 7px; margin-left: 4px; }
    .bar { display: inline-block; height: 10px; background: var(--accent); border-radius: 2px;
           vertical-align: middle; margin-right: 8px; }
    .grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 18px; }
    .grid2 > div { min-width: 0; }
    .plot svg { width: 100%; height: auto; display: block; }
    table.confusion { width: 100%; }
    table.confusion td { text-align: center; min-width: 84px; }
    table.confusion th.corner { font-weight: 500; color: var(--muted); font-size: 12.5px; }
    table.confusion td small { color: #374151; }
    .confusion-wrap { display: flex; flex-wrap: wrap; gap: 24px 32px; }
    .confusion-wrap > div { overflow-x: auto; max-width: 100%; flex: 1 1 420px; }
    ol.log { margin: 0; padding-left: 22px; }
    ol.log li { margin: 2px 0; overflow-wrap: anywhere; }
    footer { color: var(--muted); font-size: 12px; margin-top: 18px; }
    .threshold-value { font-size: 22px; font-weight: 650; }
    .gallery { display: flex; flex-wrap: wrap; gap: 10px; }
    .gallery figure { margin: 0; padding: 6px; border: 2px solid var(--line, #ddd); border-radius: 6px; width: 236px; }
    .gallery figure.right { border-color: #16a34a; }
    .gallery figure.wrong { border-color: #dc2626; }
    .gallery img { width: 112px; height: 112px; image-rendering: pixelated; margin-right: 2px; }
    .gallery figcaption { font-size: 12px; }
    @media print { body { background: #fff; } section { border-color: #ccc; } }
    """
}
