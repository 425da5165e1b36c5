/*
 * htmlmem.c - what one large page costs libxml2's HTML parser, as spamcls
 * reads pages (a whole tree: pages/html_doc.c's options) against a
 * streaming parse of the same bytes (the push parser with SAX callbacks,
 * fed 64 KB at a time, no tree).
 *
 * Usage: bench-htmlmem tree|sax|page MB
 * Builds a WordPress-style page of about MB megabytes (an article, then
 * a comment list, each comment ~450 bytes of markup and text); "page"
 * writes it to standard output (for timing spamcls itself on it), the
 * others parse it once and print one line:
 *   mode bytes elements text_bytes seconds extra_kib
 * extra_kib is the process's peak resident memory minus what it held
 * with the page built, before parsing: what the parse itself needed.
 * Run one process per measurement (the peak is the process's).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

static long status_kib(const char *key)
{
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t k = strlen(key);
  if (!f)
    return -1;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, key, k) && line[k] == ':') {
      v = strtol(line + k + 1, NULL, 10);
      break;
    }
  fclose(f);
  return v;
}

static const char head[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>An article"
    "</title></head><body><article><h1>An article</h1><p>The article's "
    "text, a paragraph.</p></article>\n<ol class=\"comment-list\">\n";
static const char tail[] = "</ol></body></html>\n";
static const char item[] =
    "<li id=\"comment-%07zu\" class=\"comment\"><article class=\"comment-body\">"
    "<footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b "
    "class=\"fn\">Reader %07zu</b> <span class=\"says\">says:</span></div>"
    "<div class=\"comment-metadata\"><time datetime=\"2020-01-01\">January 1, "
    "2020</time></div></footer><div class=\"comment-content\"><p>I read the "
    "whole piece twice and I still think the council got the numbers wrong; "
    "comment %07zu.</p></div></article></li>\n";

/* The page, allocated once at its final size so that building it leaves
 * no larger peak behind than the page itself. */
static char *build(size_t want, size_t *len)
{
  size_t one = (size_t)snprintf(NULL, 0, item, (size_t)0, (size_t)0, (size_t)0);
  size_t n = want > sizeof head ? (want - sizeof head) / one : 1;
  size_t cap = sizeof head + n * one + sizeof tail + 1;
  char *p = malloc(cap), *at = p;
  if (!p)
    return NULL;
  memcpy(at, head, sizeof head - 1);
  at += sizeof head - 1;
  for (size_t i = 0; i < n; i++)
    at += snprintf(at, cap - (size_t)(at - p), item, i, i, i);
  memcpy(at, tail, sizeof tail - 1);
  at += sizeof tail - 1;
  *at = 0;
  *len = (size_t)(at - p);
  return p;
}

typedef struct counts {
  size_t elements, text;
} counts;

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
  (void)name;
  (void)attrs;
  counts *c = ((htmlParserCtxtPtr)ctx)->_private;
  c->elements++;
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
  (void)s;
  counts *c = ((htmlParserCtxtPtr)ctx)->_private;
  c->text += (size_t)n;
}

static const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_IGNORE_ENC;

static void walk(xmlNodePtr n, counts *c)
{
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE)
      c->elements++;
    else if (n->type == XML_TEXT_NODE && n->content)
      c->text += strlen((const char *)n->content);
    walk(n->children, c);
  }
}

static int parse_tree(const char *page, size_t len, counts *c)
{
  htmlParserCtxtPtr ctx = htmlCreateMemoryParserCtxt(page, (int)len);
  if (!ctx)
    return -1;
  htmlCtxtUseOptions(ctx, options);
  ctx->options |= XML_PARSE_HUGE;
  xmlSwitchEncoding(ctx, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctx);
  xmlDocPtr doc = ctx->myDoc;
  ctx->myDoc = NULL;
  htmlFreeParserCtxt(ctx);
  if (!doc)
    return -1;
  walk(xmlDocGetRootElement(doc), c);
  xmlFreeDoc(doc);
  return 0;
}

static int parse_sax(const char *page, size_t len, counts *c)
{
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = on_start;
  sax.characters = on_text;
  htmlParserCtxtPtr ctx =
      htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
  if (!ctx)
    return -1;
  ctx->_private = c;
  htmlCtxtUseOptions(ctx, options);
  ctx->options |= XML_PARSE_HUGE;
  const size_t chunk = 64 * 1024;
  for (size_t at = 0; at < len; at += chunk) {
    size_t k = len - at < chunk ? len - at : chunk;
    htmlParseChunk(ctx, page + at, (int)k, 0);
  }
  htmlParseChunk(ctx, NULL, 0, 1);
  htmlFreeParserCtxt(ctx);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 3 || (strcmp(argv[1], "tree") && strcmp(argv[1], "sax") &&
                    strcmp(argv[1], "page"))) {
    fprintf(stderr, "usage: %s tree|sax|page MB\n", argv[0]);
    return 2;
  }
  double mb = atof(argv[2]);
  if (!(mb > 0 && mb < 1500)) {
    fprintf(stderr, "%s: MB must be in (0, 1500)\n", argv[0]);
    return 2;
  }
  xmlInitParser();
  size_t len;
  char *page = build((size_t)(mb * 1024 * 1024), &len);
  if (!page) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    return 1;
  }
  if (!strcmp(argv[1], "page")) {
    int ok = fwrite(page, 1, len, stdout) == len && fflush(stdout) == 0;
    free(page);
    return ok ? 0 : 1;
  }
  long base = status_kib("VmRSS");
  counts c = {0, 0};
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  int rc = !strcmp(argv[1], "tree") ? parse_tree(page, len, &c)
                                    : parse_sax(page, len, &c);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long peak = status_kib("VmHWM");
  free(page);
  if (rc < 0 || base < 0 || peak < 0) {
    fprintf(stderr, "%s: the parse failed\n", argv[0]);
    return 1;
  }
  printf("%s %zu %zu %zu %.3f %ld\n", argv[1], len, c.elements, c.text,
         (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
         peak - base);
  return 0;
}
