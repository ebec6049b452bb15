"""The page's look: its style sheet, the chart's mode bar, and the script that scrolls
the article panel to its marked sentence."""
from __future__ import annotations

CSS = """
<style>
 .block-container { padding-top: 1.2rem; padding-left: 2rem; padding-right: 2rem; }
 h1 { font-size: 1.7rem !important; padding: 0 0 0.2rem 0 !important; }
 [data-testid="stMetricValue"] { font-size: 1.5rem; }
 @media (max-width: 1100px) {
   [data-testid="stMetricValue"] { font-size: 1.1rem; }
   [data-testid="stMetricValue"] div { white-space: normal !important; }
   section[data-testid="stSidebar"] { width: 250px !important; min-width: 250px !important; }
 }
 .event-card { border: 1px solid #E4E7EB; border-radius: 8px; padding: 12px 14px; background: #FFFFFF; }
 .event-card .chip { display: inline-block; padding: 2px 8px; border-radius: 10px; color: white; font-size: 12px; }
 .event-card .kind { color: #52606D; font-size: 13px; }
 .event-card .headline { font-weight: 600; font-size: 16px; margin-top: 6px; }
 .event-card blockquote { margin: 10px 0 4px 0; padding-left: 10px; border-left: 3px solid; font-size: 14px; }
 .event-card dt { color: #7B8794; font-size: 12px; margin-top: 6px; }
 .event-card dd { margin: 0; }
 .quiet { color: #7B8794; font-size: 13px; }
 table.details { font-size: 12px; } table.details th { color: #7B8794; font-weight: normal; padding-right: 10px; }
 .article-title { font-weight: 600; font-size: 1.05rem; line-height: 1.35; }
 .article-text { position: relative; max-height: 420px; overflow-y: auto; border-left: 3px solid #E4E7EB;
                 padding: 4px 12px; font-size: 14px; line-height: 1.5; }
 .article-text mark { background: #FFE8A3; padding: 1px 2px; }
 /* The timeline takes the whole width; the source panel sits beside it only where the
    chart keeps at least ~850 px, and below it otherwise (then card and article side by side). */
 .st-key-timeline_row { container-type: inline-size; }
 @container (max-width: 1399px) {
   .st-key-view_row > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"],
   .st-key-view_row > [data-testid="stHorizontalBlock"] { flex-direction: column; flex-wrap: nowrap; }
   .st-key-view_row > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"],
   .st-key-view_row > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
     width: 100% !important; flex: 0 0 auto !important; }
 }
 @container (min-width: 1400px) or (max-width: 759px) {
   .st-key-source_panel > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"],
   .st-key-source_panel > [data-testid="stHorizontalBlock"] { flex-direction: column; flex-wrap: nowrap; }
   .st-key-source_panel > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]
     > [data-testid="stColumn"],
   .st-key-source_panel > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
     width: 100% !important; flex: 0 0 auto !important; }
 }
</style>
"""

# a short mode bar: it shares the top band with the legend
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"scale": 2, "filename": "timeline"},
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d"]}

# Our own script (no article text in it): scroll the article panel to its marked
# sentence whenever a new one is shown.
SCROLL_TO_MARK = """<script>
(() => {
  if (window.__timelineMarkScroller) return;
  window.__timelineMarkScroller = true;
  // the page moves only for an event the user chose (a click puts it in the URL's `event`),
  // never for the card a filter change shows by default
  const chosen = () => {
    try { return new URLSearchParams((window.parent || window).location.search).get('event') || ''; }
    catch (e) { return ''; }
  };
  let shownEvent = chosen();
  const scroll = () => {
    for (const box of document.querySelectorAll('.article-text')) {
      const mark = box.querySelector('mark');
      if (!mark || !mark.textContent) continue;
      const key = mark.textContent.slice(0, 80) + '|' + box.textContent.length;
      if (box.dataset.scrolledTo === key) continue;
      const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTop = Math.max(0, top - box.clientHeight / 4);
      box.dataset.scrolledTo = key;
    }
    const event = chosen();
    if (!event || event === shownEvent) return;
    for (const box of document.querySelectorAll('.article-text')) {
      const mark = box.querySelector('mark');
      if (!mark || !mark.textContent) continue;
      shownEvent = event;
      // the marked sentence out of the window (a panel below the chart): scroll the page
      // until it shows, with the panel's top near the middle when there is room
      const panel = box.closest('.st-key-source_panel');
      const spot = mark.getBoundingClientRect();
      if (panel && (spot.bottom > window.innerHeight || spot.top < 0)) {
        let page = panel.parentElement;  // the page's scrolling element (Streamlit's main section)
        while (page && !(page.scrollHeight > page.clientHeight
                         && /(auto|scroll)/.test(getComputedStyle(page).overflowY)))
          page = page.parentElement;
        page = page || document.scrollingElement;
        const want = Math.max(panel.getBoundingClientRect().top - window.innerHeight * 0.4,
                              spot.bottom - window.innerHeight + 24);
        page.scrollTop += Math.min(want, spot.top - 24);
      }
    }
  };
  new MutationObserver(scroll).observe(document.body, {childList: true, subtree: true, characterData: true});
  scroll();
})();
</script>"""
