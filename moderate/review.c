/*
 * review.c - report.html, the page a moderator reviews: each page's
 * comments with verdict, probability and the features that moved the
 * score, the least certain first; pages with unsure comments come first.
 * At most --html-pages pages are shown (the most uncertain come first),
 * so that a large archive still gives a page a browser can open.
 * A little inline script filters by verdict (checkboxes, or a
 * "#verdict=spam,unsure" address) and highlights in each comment's text
 * what its features name: words (w:, lexicon terms x:t:), character
 * n-grams (c:, with < and > for word edges) and domains (u:). Each comment
 * can be marked spam or ham, and the marks exported as a corrections file
 * (JSONL: id, page, text, author, author_url, label) that `spamcls learn`
 * reads as it is; each comment carries its own fields for that, as JSON
 * in the data-c attribute of its marking buttons. The file is written from report.jsonl
 * and pages.jsonl in two streaming passes: one page's comments are held
 * at a time.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "report.h"

static void esc(FILE *fp, const char *s)
{
  for (; s && *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", fp); break;
    case '>': fputs("&gt;", fp); break;
    case '&': fputs("&amp;", fp); break;
    case '"': fputs("&quot;", fp); break;
    case '\'': fputs("&#39;", fp); break;
    case '\n': fputs("<br>", fp); break;
    default: fputc(*s, fp);
    }
  }
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

static const char head[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<title>spamcls moderation report</title>\n<style>\n"
    "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:"
    "60em;padding:0 1em;color:#222}\n"
    "h1{font-size:1.4em}h2{font-size:1.05em;margin:1.6em 0 .4em;word-break:"
    "break-all}\n"
    ".comment{border:1px solid #ccc;border-left-width:6px;border-radius:4px;"
    "padding:.5em .8em;margin:.5em 0}\n"
    ".v-spam{border-left-color:#c62828}.v-ham{border-left-color:#2e7d32}"
    ".v-unsure{border-left-color:#f9a825}.v-empty{border-left-color:#9e9e9e}\n"
    ".verdict{font-weight:bold;text-transform:uppercase;font-size:.85em}\n"
    ".prob{font-variant-numeric:tabular-nums;color:#555}\n"
    ".body{white-space:normal;margin:.4em 0}\n"
    ".features{font-size:.8em;color:#555;padding:0;margin:0}\n"
    ".features li{display:inline-block;margin-right:.8em;list-style:none}\n"
    ".up{color:#c62828}.down{color:#2e7d32}\n"
    "mark.up{background:#ffcdd2;color:inherit}mark.down{background:#c8e6c9;"
    "color:inherit}\n"
    "[hidden]{display:none!important}\n"
    ".mark button{font-size:.75em;margin-left:.3em;border:1px solid #999;"
    "background:#fff;border-radius:3px;cursor:pointer}\n"
    ".mark button.on{background:#222;color:#fff}\n"
    ".comment[data-marked]{outline:2px dashed #555}\n"
    "#export-jsonl{width:100%;height:8em;font:12px monospace}\n"
    "#filters label{margin-right:1em}\n"
    "table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:"
    "1px solid #ddd;text-align:left}\n"
    "</style></head>\n<body data-ready=\"0\">\n";

static const char script[] =
    "<script>\n"
    "(function(){\n"
    "  var boxes = document.querySelectorAll('#filters input');\n"
    "  var m = /verdict=([a-z,]+)/.exec(location.hash);\n"
    "  if (m) { var want = m[1].split(',');\n"
    "    boxes.forEach(function(b){ b.checked = want.indexOf(b.value) >= 0; }); }\n"
    "  function apply(){\n"
    "    var on = {}; boxes.forEach(function(b){ on[b.value] = b.checked; });\n"
    "    var shown = 0;\n"
    "    document.querySelectorAll('.comment').forEach(function(c){\n"
    "      var vis = !!on[c.dataset.verdict]; c.hidden = !vis; if (vis) shown++; });\n"
    "    document.querySelectorAll('section.page').forEach(function(s){\n"
    "      s.hidden = !s.querySelector('.comment:not([hidden])'); });\n"
    "    document.getElementById('shown').textContent = shown;\n"
    "  }\n"
    "  function esc(w){ return w.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'); }\n"
    "  document.querySelectorAll('.comment').forEach(function(c){\n"
    "    var body = c.querySelector('.body'); if (!body) return;\n"
    "    c.querySelectorAll('.features li').forEach(function(f){\n"
    "      var n = f.dataset.name || '', m, pre = '()', post = '', text;\n"
    "      if ((m = /^(?:w|x:t):(.+)$/.exec(n))) { text = m[1];\n"
    "        pre = '(^|[^\\\\p{L}\\\\p{N}])'; post = '(?![\\\\p{L}\\\\p{N}])'; }\n"
    "      else if ((m = /^c:(<?)(.+?)(>?)$/.exec(n))) { text = m[2];\n"
    "        if (m[1]) pre = '(^|[^\\\\p{L}\\\\p{N}])';\n"
    "        if (m[3]) post = '(?![\\\\p{L}\\\\p{N}])'; }\n"
    "      else if ((m = /^u:[a-z]+:(.+)$/.exec(n))) text = m[1];\n"
    "      if (!text || text.length < 2) return;\n"
    "      var re = new RegExp(pre + '(' + esc(text) + ')' + post, 'iu');\n"
    "      var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);\n"
    "      var nodes = []; while (walker.nextNode()) nodes.push(walker.currentNode);\n"
    "      nodes.forEach(function(t){\n"
    "        if (t.parentNode.nodeName === 'MARK') return;\n"
    "        var r = re.exec(t.data); if (!r) return;\n"
    "        var at = r.index + r[1].length;\n"
    "        var hit = t.splitText(at); hit.splitText(r[2].length);\n"
    "        var mk = document.createElement('mark');\n"
    "        mk.className = f.className; mk.title = n;\n"
    "        hit.parentNode.replaceChild(mk, hit); mk.appendChild(hit);\n"
    "      });\n"
    "    });\n"
    "  });\n"
    "  boxes.forEach(function(b){ b.addEventListener('change', apply); });\n"
    "  var marked = document.getElementById('n-marked');\n"
    "  function count(){ marked.textContent =\n"
    "    document.querySelectorAll('.comment[data-marked]').length; }\n"
    "  document.querySelectorAll('.mark button').forEach(function(b){\n"
    "    b.addEventListener('click', function(){\n"
    "      var c = b.closest('.comment'), lab = b.dataset.label;\n"
    "      if (c.dataset.marked === lab) delete c.dataset.marked;\n"
    "      else c.dataset.marked = lab;\n"
    "      c.querySelectorAll('.mark button').forEach(function(x){\n"
    "        x.classList.toggle('on', x.dataset.label === c.dataset.marked); });\n"
    "      count(); }); });\n"
    "  document.getElementById('export').addEventListener('click', function(){\n"
    "    var lines = [];\n"
    "    document.querySelectorAll('.comment[data-marked]').forEach(function(c){\n"
    "      var o = JSON.parse(c.querySelector('.mark').dataset.c);\n"
    "      lines.push(JSON.stringify({id: o.id, page: o.page, text: o.text,\n"
    "        author: o.author, author_url: o.author_url,\n"
    "        label: c.dataset.marked})); });\n"
    "    var text = lines.length ? lines.join('\\n') + '\\n' : '';\n"
    "    var ta = document.getElementById('export-jsonl');\n"
    "    ta.textContent = text; ta.value = text; ta.hidden = false;\n"
    "    var a = document.createElement('a');\n"
    "    a.href = URL.createObjectURL(new Blob([text],\n"
    "      {type: 'application/x-ndjson'}));\n"
    "    a.download = 'corrections.jsonl';\n"
    "    document.body.appendChild(a); a.click(); a.remove(); });\n"
    "  apply();\n"
    "  document.body.dataset.ready = '1';\n"
    "})();\n"
    "</script>\n";

typedef struct rec {
  sc_record c;
  double dist;  /* |p - threshold|: how certain the verdict is */
  size_t order;
} rec;

static int by_doubt(const void *a, const void *b)
{
  const rec *x = a, *y = b;
  if (x->dist != y->dist)
    return x->dist < y->dist ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* The fields an exported correction needs, as the comment was scored:
 * JSON, HTML-escaped for an attribute (an empty author is no author). */
static void export_fields(FILE *fp, const sc_record *c)
{
  json_t *o = json_object();
  char id[64];
  snprintf(id, sizeof id, "#%zu", c->index);
  char *pid = malloc(strlen(c->page_text) + sizeof id);
  if (pid)
    sprintf(pid, "%s%s", c->page_text, id);
  json_object_set_new(o, "id", json_string(pid ? pid : id));
  free(pid);
  json_object_set_new(o, "page", json_string(c->page_text));
  json_object_set_new(o, "text", c->body ? json_string(c->body) : NULL);
  json_object_set_new(o, "author", c->author && *c->author
                                       ? json_string(c->author) : json_null());
  json_object_set_new(o, "author_url", c->author_url
                                           ? json_string(c->author_url)
                                           : json_null());
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  esc(fp, s);
  free(s);
}

static void comment_html(FILE *fp, const sc_record *c)
{
  const char *v = or_empty(c->verdict_name);
  fprintf(fp, "<article class=\"comment v-%s\" data-verdict=\"%s\" "
          "data-index=\"%zu\">\n<header><span class=\"verdict\">%s</span> "
          "<span class=\"prob\">p=%.3f</span> #%zu <b class=\"author\">",
          v, v, c->index, v, c->probability, c->index);
  esc(fp, c->author);
  fputs("</b> <time>", fp);
  esc(fp, c->date);
  fputs("</time>", fp);
  if (c->removed)
    fputs(" <small>(removed from the cleaned copy)</small>", fp);
  if (c->site) {  /* a site export's comment */
    fputs(" <small>site: ", fp);
    esc(fp, c->site);
    if (c->marked)
      fputs(", marked spam in the copy", fp);
    fputs("</small>", fp);
  }
  if (strcmp(v, "empty") != 0) {
    fputs(" <span class=\"mark\" data-c=\"", fp);
    export_fields(fp, c);
    fputs("\">mark as <button type=\"button\" data-label=\"spam\">spam"
          "</button><button type=\"button\" data-label=\"ham\">ham</button>"
          "</span>", fp);
  }
  fputs("</header>\n<p class=\"body\">", fp);
  esc(fp, c->body);
  fputs("</p>\n<ul class=\"features\">", fp);
  for (size_t i = 0; i < c->nfeatures; i++) {
    double w;
    const char *name = sc_record_feature(c, i, &w);
    fprintf(fp, "<li class=\"%s\" data-name=\"", w > 0 ? "up" : "down");
    esc(fp, name);
    fputs("\">", fp);
    esc(fp, name);
    fprintf(fp, " %+.3f</li>", w);
  }
  fputs("</ul>\n</article>\n", fp);
}

/* One pass over the pages: those with unsure comments (want_unsure) or
 * the others that have comments. */
static int pass(FILE *out, const sc_outdir *od,
                double threshold, int want_unsure, unsigned long *room,
                unsigned long *left_out)
{
  FILE *pp = sc_fopen_at(od->fd, "pages.jsonl");
  FILE *rp = sc_fopen_at(od->fd, "report.jsonl");
  if (!pp || !rp) {
    if (pp)
      fclose(pp);
    if (rp)
      fclose(rp);
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  rec *v = NULL;
  size_t vcap = 0;
  int rc = 0;
  while (rc == 0 && (n = getline(&line, &cap, pp)) > 0) {
    sc_record pg;
    sc_record_parse(line, (size_t)n, &pg);
    size_t nc = pg.kind == SC_RECORD_PAGE ? pg.st.comments : 0;
    unsigned long unsure = pg.st.unsure;
    int show = nc > 0 && (want_unsure ? unsure > 0 : unsure == 0);
    if (show && *room == 0) {
      (*left_out)++;
      show = 0;
    } else if (show) {
      (*room)--;
    }
    /* At most SC_REVIEW_PAGE_COMMENTS of a page, the most uncertain: a page
     * of 100,000 comments would otherwise all be in memory at once. */
    size_t want = nc > SC_REVIEW_PAGE_COMMENTS ? SC_REVIEW_PAGE_COMMENTS : nc;
    if (nc > 0 && want > vcap) {
      rec *nv = realloc(v, want * sizeof *nv);
      if (!nv) {
        sc_record_free(&pg);
        rc = -1;
        break;
      }
      v = nv;
      vcap = want;
    }
    size_t got = 0, seen = 0;
    for (size_t i = 0; i < nc; i++) {
      ssize_t m = getline(&line, &cap, rp);
      if (m <= 0)
        break;
      if (!show)
        continue;
      rec r;
      if (sc_record_parse(line, (size_t)m, &r.c) != SPAMCLS_OK) {
        sc_record_free(&r.c);
        continue;
      }
      r.dist = r.c.verdict != SPAMCLS_EMPTY ? fabs(r.c.probability - threshold)
                                            : 2.0;
      r.order = seen++;
      if (got < want) {
        v[got++] = r;
        continue;
      }
      size_t worst = 0;  /* the least uncertain kept; replaced if r is more */
      for (size_t k = 1; k < got; k++)
        if (by_doubt(&v[k], &v[worst]) > 0)
          worst = k;
      if (by_doubt(&r, &v[worst]) < 0) {
        sc_record_free(&v[worst].c);
        v[worst] = r;
      } else {
        sc_record_free(&r.c);
      }
    }
    if (show) {
      if (got)
        qsort(v, got, sizeof *v, by_doubt);
      fputs("<section class=\"page\" data-page=\"", out);
      esc(out, pg.page_text);
      fputs("\">\n<h2>", out);
      esc(out, pg.page_text);
      fprintf(out, "</h2>\n<p class=\"counts\">%zu comments: %lu spam, "
              "%lu ham, %lu unsure, %lu empty</p>\n", nc, pg.st.spam,
              pg.st.ham, unsure, pg.st.empty);
      for (size_t i = 0; i < got; i++) {
        comment_html(out, &v[i].c);
        sc_record_free(&v[i].c);
      }
      if (seen > got)
        fprintf(out, "<p class=\"more\">%zu more comments of this page, the "
                "least uncertain, are in report.jsonl.</p>\n", seen - got);
      fputs("</section>\n", out);
    }
    sc_record_free(&pg);
  }
  free(line);
  free(v);
  fclose(pp);
  fclose(rp);
  return rc;
}

typedef struct skipped_rows {
  FILE *out;
  int any;
} skipped_rows;

static int skipped_row(const sc_record *pg, void *ctx)
{
  skipped_rows *t = ctx;
  if (pg->kind != SC_RECORD_SKIPPED)
    return 0;
  if (!t->any)
    fputs("<h2>Skipped pages</h2>\n<table id=\"skipped\"><tr><th>page"
          "</th><th>reason</th><th>message</th></tr>\n", t->out);
  t->any = 1;
  fputs("<tr><td>", t->out);
  esc(t->out, pg->page_text);
  fputs("</td><td>", t->out);
  esc(t->out, pg->reason);
  fputs("</td><td>", t->out);
  esc(t->out, pg->message);
  fputs("</td></tr>\n", t->out);
  return 0;
}

static void skipped_table(FILE *out, const sc_outdir *od)
{
  skipped_rows t = {out, 0};
  sc_records_each(od->fd, "pages.jsonl", skipped_row, &t);
  if (t.any)
    fputs("</table>\n", out);
}

/* The totals of the pages (moderated or skipped). */
static int count_page(const sc_record *pg, void *ctx)
{
  sc_mod_counts *c = ctx;
  if (pg->kind == SC_RECORD_PAGE || pg->kind == SC_RECORD_SKIPPED) {
    c->pages++;
    c->comments += pg->st.comments;
    c->spam += pg->st.spam;
    c->ham += pg->st.ham;
    c->unsure += pg->st.unsure;
    c->empty += pg->st.empty;
  }
  return 0;
}

sc_outcome sc_review_write(const sc_outdir *od, double threshold,
                           double margin, unsigned long max_pages,
                           const sc_run_events *ev)
{
  unsigned long room = max_pages ? max_pages : (unsigned long)-1, left_out = 0;
  sc_mod_counts c;
  sc_atomic a = {0};
  sc_outcome rc = SC_RUN_OK;
  if (sc_run_atomic_open(&a, od, "report.html", ev) != 0) {
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  /* Totals first, from the same pages.jsonl. */
  memset(&c, 0, sizeof c);
  sc_records_each(od->fd, "pages.jsonl", count_page, &c);
  fputs(head, a.fp);
  fprintf(a.fp, "<h1>Moderation report</h1>\n<p id=\"totals\">%lu pages, "
          "%lu comments: <b>%lu spam</b>, %lu ham, %lu unsure, %lu empty. "
          "Spam when p &ge; %.3f, ham below %.3f, unsure between. "
          "<span id=\"shown\">%lu</span> shown.</p>\n"
          "<p id=\"filters\">Show: "
          "<label><input type=\"checkbox\" value=\"spam\" checked> spam</label>"
          "<label><input type=\"checkbox\" value=\"unsure\" checked> unsure</label>"
          "<label><input type=\"checkbox\" value=\"ham\" checked> ham</label>"
          "<label><input type=\"checkbox\" value=\"empty\" checked> empty</label>"
          "</p>\n<p id=\"corrections\"><span id=\"n-marked\">0</span> "
          "comments marked. <button type=\"button\" id=\"export\">Export "
          "corrections</button> (corrections.jsonl, for <code>spamcls learn "
          "-m SITE.model corrections.jsonl</code>)</p>\n"
          "<textarea id=\"export-jsonl\" readonly hidden></textarea>\n", c.pages, c.comments, c.spam, c.ham, c.unsure, c.empty,
          threshold + margin, threshold - margin, c.comments);
  skipped_table(a.fp, od);
  if (pass(a.fp, od, threshold, 1, &room, &left_out) != 0 ||
      pass(a.fp, od, threshold, 0, &room, &left_out) != 0) {
    sc_run_say(ev, SC_MSG_ERROR, "%s: cannot read the report back", od->path);
    rc = SC_RUN_OUTPUT;
    goto out;
  }
  if (left_out)
    fprintf(a.fp, "<p id=\"left-out\">%lu more pages with comments are not "
            "shown here (--html-pages); report.jsonl has them all.</p>\n",
            left_out);
  fputs(script, a.fp);
  fputs("</body></html>\n", a.fp);
  if (sc_run_atomic_commit(&a, ev) != 0)
    rc = SC_RUN_OUTPUT;
out:
  sc_atomic_abort(&a);
  return rc;
}
