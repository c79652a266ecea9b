"""What a reader would see wrong on a rendered report, measured in the browser.

Each check returns a list of problems (empty when the page is right), so a failing test
says exactly which label collides with which, which bar has no value, which axis is out
of time order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from tradewinds.reports.figures import period_key

# the text boxes of every chart and every block of text, in page coordinates
_BOXES_JS = r"""
() => {
  const out = {charts: [], page: {w: document.documentElement.clientWidth}, wide: []};
  const box = (e) => { const r = e.getBoundingClientRect();
    return {x0: r.left, y0: r.top + scrollY, x1: r.right, y1: r.bottom + scrollY}; };
  document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const svgBox = box(gd);
    const texts = [];
    gd.querySelectorAll('svg text').forEach((t) => {
      const s = (t.textContent || '').trim();
      if (!s) return;
      const st = getComputedStyle(t);
      if (st.display === 'none' || st.visibility === 'hidden' || st.opacity === '0') return;
      const b = box(t);
      if (b.x1 - b.x0 < 0.5 || b.y1 - b.y0 < 0.5) return;
      const rot = /rotate\(\s*-?[1-9]/.test(t.getAttribute('transform') || '');
      texts.push({text: s, cls: t.getAttribute('class') || '', rot, ...b});
    });
    const cap = gd.closest('figure') && gd.closest('figure').querySelector('.chart-title');
    const title = (cap && cap.textContent) || `chart ${i}`;
    out.charts.push({title, box: svgBox, texts});
  });
  // anything wider than the page (not inside a box that scrolls)
  const W = document.documentElement.clientWidth;
  document.querySelectorAll('body *').forEach((e) => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= W + 1) return;
    for (let p = e.parentElement; p; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return;
    }
    const cls = e.className && e.className.baseVal !== undefined
      ? e.className.baseVal : e.className;
    out.wide.push(
      `${e.tagName.toLowerCase()}.${cls}: right edge ${Math.round(r.right)} > ${W}`);
  });
  return out;
}
"""

# every bar drawn and every value printed on a bar, per chart
_BARS_JS = r"""
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map((gd) => {
  const cap = gd.closest('figure') && gd.closest('figure').querySelector('.chart-title');
  const title = (cap && cap.textContent) || '';
  const stacked = gd._fullLayout && gd._fullLayout.barmode === 'stack';
  const totals = Array.from(gd.querySelectorAll('.scatterlayer .textpoint'))
    .filter((t) => (t.textContent || '').trim()).length;
  const traces = Array.from(gd.querySelectorAll('.barlayer .trace')).map((tr) => {
    const pts = Array.from(tr.querySelectorAll('.point')).filter((p) => {
      const path = p.querySelector('path');
      const d = path ? path.getAttribute('d') || '' : '';
      const r = p.getBoundingClientRect();
      return d && d !== 'M0,0Z' && r.width > 0.5 && r.height > 0.5;
    }).length;
    const texts = Array.from(tr.querySelectorAll('.bartext'))
      .filter((t) => (t.textContent || '').trim()).length;
    return {pts, texts};
  });
  const sankey = (gd._fullData || []).filter((t) => t.type === 'sankey').map((t) => ({
    labels: Array.from(t.node.label), source: Array.from(t.link.source),
    target: Array.from(t.link.target), value: Array.from(t.link.value)}));
  const axes = [];
  for (const k of Object.keys(gd.layout || {})) {
    if (!/^xaxis\d*$/.test(k)) continue;
    const ax = gd._fullLayout[k];
    if (ax && ax.type === 'category') axes.push((ax._categories || []).map(String));
  }
  return {title, traces, sankey, axes, stacked, totals};
})
"""


def _overlap(a: dict[str, float], b: dict[str, float], tol: float = 1.0) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tol
        and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > tol
    )


def text_problems(page: Any) -> list[str]:
    """Chart texts that overlap each other or stick out of their chart; elements wider
    than the page."""
    data = page.evaluate(_BOXES_JS)
    problems = [f"wider than the page: {w}" for w in data["wide"][:10]]
    for ch in data["charts"]:
        texts, b = ch["texts"], ch["box"]
        for t in texts:
            if t["x0"] < b["x0"] - 1 or t["x1"] > b["x1"] + 1:
                problems.append(f"{ch['title']!r}: {t['text']!r} sticks out of its chart")
        for i, a in enumerate(texts):
            for c in texts[i + 1 :]:
                if a["rot"] and c["rot"]:
                    continue  # parallel rotated tick labels: their boxes overlap, they do not
                if _overlap(a, c):
                    problems.append(f"{ch['title']!r}: {a['text']!r} overlaps {c['text']!r}")
    return problems


def value_problems(page: Any) -> list[str]:
    """Bars without their value, Sankey links whose value no label or table shows, time
    axes out of order."""
    problems = []
    tables = page.evaluate("() => document.body.innerText")
    for ch in page.evaluate(_BARS_JS):
        if ch["stacked"]:  # a stack shows its total on top
            most = max((tr["pts"] for tr in ch["traces"]), default=0)
            if ch["totals"] < most:
                problems.append(f"{ch['title']!r}: {most} stacks, {ch['totals']} totals")
            continue
        for k, tr in enumerate(ch["traces"]):
            if tr["texts"] < tr["pts"]:
                problems.append(
                    f"{ch['title']!r}: trace {k} has {tr['pts']} bars, {tr['texts']} values"
                )
        for sk in ch["sankey"]:
            n_out: dict[int, int] = {}
            n_in: dict[int, int] = {}
            for s, t in zip(sk["source"], sk["target"], strict=True):
                n_out[s] = n_out.get(s, 0) + 1
                n_in[t] = n_in.get(t, 0) + 1
            for s, t, v in zip(sk["source"], sk["target"], sk["value"], strict=True):
                shown = f"{v:,.1f} bn"
                ends = [sk["labels"][s]] * (n_out[s] == 1) + [sk["labels"][t]] * (n_in[t] == 1)
                if not any(shown in e for e in ends) and f"{v:,.3f}" not in tables:
                    problems.append(f"{ch['title']!r}: Sankey link {s}→{t} ({v:.2f}) unlabelled")
        for cats in ch["axes"]:
            periods = [c for c in cats if re.search(r"\d{4}", c)]
            if len(periods) == len(cats) and periods != sorted(periods, key=period_key):
                problems.append(f"{ch['title']!r}: time axis out of order: {periods}")
    return problems


def pdf_text_problems(pdf: Path) -> list[str]:
    """Words of the printed PDF (pdftotext -bbox) that leave their page or overlap
    another word."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    problems: list[str] = []
    for n, m in enumerate(re.finditer(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>",
                                      xml, re.S), start=1):  # fmt: skip
        w, h = float(m.group(1)), float(m.group(2))
        words = [
            {"x0": float(a), "y0": float(b), "x1": float(c), "y1": float(d), "text": t}
            for a, b, c, d, t in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
                m.group(3),
            )
        ]
        for wd in words:
            if wd["x0"] < 0 or wd["y0"] < 0 or wd["x1"] > w + 0.5 or wd["y1"] > h + 0.5:
                problems.append(f"page {n}: {wd['text']!r} leaves the page")
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if b["y0"] > a["y1"] + 20:
                    continue
                if _overlap(a, b, tol=1.5):
                    problems.append(f"page {n}: {a['text']!r} overlaps {b['text']!r}")
    return problems
