/* judge.c - one comment of a page or export judged. */
#include <string.h>

#include "moderation.h"

spamcls_comment sc_moderate_comment(const spamcls_page_comment *c,
                                    const char *page)
{
  spamcls_comment sc;
  memset(&sc, 0, sizeof sc);
  sc.text = c->body;
  sc.text_len = c->body_len;
  sc.author = c->author_len ? c->author : NULL;
  sc.author_len = c->author_len;
  sc.author_url = c->author_url;
  sc.author_url_len = c->author_url_len;
  sc.label = SPAMCLS_LABEL_NONE;
  sc.source = page;
  return sc;
}

static int blank(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return 0;
  return 1;
}

spamcls_status sc_moderate_judge(spamcls_scorer *s,
                                 const spamcls_page_comment *c,
                                 const char *page, size_t max_comment,
                                 spamcls_contribution *why, size_t explain,
                                 spamcls_result *r, size_t *nwhy,
                                 int *truncated)
{
  spamcls_comment sc = sc_moderate_comment(c, page);
  /* Memory and time grow with a comment's length: past max_comment it is
   * judged on its start (cut at a character boundary). */
  *truncated = sc.text_len > max_comment;
  if (*truncated) {
    size_t keep = max_comment;
    while (keep > 0 && ((unsigned char)sc.text[keep] & 0xC0) == 0x80)
      keep--;
    sc.text_len = keep;
  }
  *nwhy = 0;
  if (blank(c->body, c->body_len)) {
    /* No text: reported as empty, not judged by its author alone. */
    memset(r, 0, sizeof *r);
    r->verdict = SPAMCLS_EMPTY;
    return SPAMCLS_OK;
  }
  return explain ? spamcls_explain(s, &sc, r, why, explain, nwhy)
                 : spamcls_score(s, &sc, r);
}
