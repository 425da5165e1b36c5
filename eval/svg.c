/*
 * svg.c - a small SVG writer for the evaluation plots: one square frame
 * with both axes from 0 to 1, polylines, dots, a legend and notes. The
 * output is plain SVG 1.1 (one element per line) that browsers and XML
 * tools read; every piece of text is escaped.
 */
#include <stdio.h>
#include <string.h>

#include "eval.h"

#define W 480.0
#define H 480.0
#define LEFT 64.0
#define TOP 48.0
#define SIDE 380.0  /* the frame, in pixels */

static double px(double x)
{
  x = x < 0 ? 0 : x > 1 ? 1 : x;
  return LEFT + x * SIDE;
}

static double py(double y)
{
  y = y < 0 ? 0 : y > 1 ? 1 : y;
  return TOP + (1 - y) * SIDE;
}

static void put(sc_svg *s, const char *str)
{
  if (sc_buf_append(&s->b, str, strlen(str)) < 0)
    s->failed = 1;
}

static void putf(sc_svg *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(sc_svg *s, const char *fmt, ...)
{
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp)
    s->failed = 1;
  else
    put(s, tmp);
}

/* Length of the valid UTF-8 sequence at s, or 0. Code points XML forbids
 * (controls other than tab and newline, U+FFFE, U+FFFF) count as invalid
 * too. */
static size_t xml_char_len(const unsigned char *s, size_t n)
{
  int32_t cp;
  size_t len = sc_utf8_decode(s, n, &cp);
  if (cp < 0x20 ? cp != '\t' && cp != '\n' : cp == 0xFFFE || cp == 0xFFFF)
    return 0;  /* SC_UTF8_BAD too */
  return len;
}

void sc_svg_text(sc_svg *s, const char *text)
{
  const unsigned char *u = (const unsigned char *)text;
  size_t n = strlen(text);
  for (size_t i = 0; i < n;) {
    switch (u[i]) {
    case '&': put(s, "&amp;"); i++; continue;
    case '<': put(s, "&lt;"); i++; continue;
    case '>': put(s, "&gt;"); i++; continue;
    case '"': put(s, "&quot;"); i++; continue;
    default: break;
    }
    size_t len = xml_char_len(u + i, n - i);
    if (len == 0) {
      put(s, "\xEF\xBF\xBD");
      i++;
    } else {
      if (sc_buf_append(&s->b, u + i, len) < 0)
        s->failed = 1;
      i += len;
    }
  }
}

void sc_svg_begin(sc_svg *s, const char *title, const char *xlabel,
                  const char *ylabel)
{
  memset(s, 0, sizeof *s);
  putf(s,
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
       "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" ",
       W, H, W, H);
  put(s, "font-family=\"sans-serif\" font-size=\"12\">\n<title>");
  sc_svg_text(s, title);
  put(s, "</title>\n");
  putf(s, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
  putf(s, "<text x=\"%.1f\" y=\"28\" text-anchor=\"middle\" "
          "font-size=\"14\">", LEFT + SIDE / 2);
  sc_svg_text(s, title);
  put(s, "</text>\n<g id=\"grid\" stroke=\"#dddddd\">\n");
  for (int i = 1; i < 10; i++) {
    double t = i / 10.0;
    putf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
         px(t), py(0), px(t), py(1));
    putf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
         px(0), py(t), px(1), py(t));
  }
  put(s, "</g>\n<g id=\"ticks\" text-anchor=\"middle\">\n");
  for (int i = 0; i <= 10; i += 2) {
    double t = i / 10.0;
    putf(s, "<text x=\"%.1f\" y=\"%.1f\">%.1f</text>\n", px(t), py(0) + 16, t);
    putf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
         px(0) - 6, py(t) + 4, t);
  }
  put(s, "</g>\n");
  putf(s, "<rect id=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
          "height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n",
       LEFT, TOP, SIDE, SIDE);
  putf(s, "<text id=\"xlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
       LEFT + SIDE / 2, py(0) + 36);
  sc_svg_text(s, xlabel);
  putf(s, "</text>\n<text id=\"ylabel\" x=\"16\" y=\"%.1f\" "
          "text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">",
       TOP + SIDE / 2, TOP + SIDE / 2);
  sc_svg_text(s, ylabel);
  put(s, "</text>\n");
}

void sc_svg_polyline(sc_svg *s, const char *id, const char *color,
                     const char *dash, const sc_point *p, size_t n)
{
  putf(s, "<polyline id=\"%s\" fill=\"none\" stroke=\"%s\" "
          "stroke-width=\"2\"", id, color);
  if (dash)
    putf(s, " stroke-dasharray=\"%s\"", dash);
  put(s, " points=\"");
  for (size_t i = 0; i < n; i++)
    putf(s, "%s%.2f,%.2f", i ? " " : "", px(p[i].x), py(p[i].y));
  put(s, "\"/>\n");
}

void sc_svg_dot(sc_svg *s, const char *cls, const char *color, sc_point p,
                double radius)
{
  putf(s, "<circle class=\"%s\" cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" "
          "fill=\"%s\"/>\n", cls, px(p.x), py(p.y), radius, color);
}

void sc_svg_legend(sc_svg *s, int row, const char *color, const char *dash,
                   const char *text)
{
  double x = LEFT + SIDE - 170, y = TOP + SIDE - 16 - 18.0 * row;
  putf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          "stroke=\"%s\" stroke-width=\"2\"", x, y - 4, x + 24, y - 4, color);
  if (dash)
    putf(s, " stroke-dasharray=\"%s\"", dash);
  putf(s, "/>\n<text x=\"%.1f\" y=\"%.1f\">", x + 30, y);
  sc_svg_text(s, text);
  put(s, "</text>\n");
}

void sc_svg_note(sc_svg *s, const char *text)
{
  putf(s, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" "
          "text-anchor=\"middle\">", LEFT + SIDE / 2, TOP + SIDE / 2);
  sc_svg_text(s, text);
  put(s, "</text>\n");
}

void sc_svg_end(sc_svg *s)
{
  put(s, "</svg>\n");
}

void sc_svg_free(sc_svg *s)
{
  sc_buf_free(&s->b);
}
