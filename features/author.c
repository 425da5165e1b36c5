/*
 * author.c - the AUTHOR family: blog spam often hides its keywords and its
 * link in the author fields while the body is bland praise, so the words
 * of the normalized author name become "a:<word>" and the author URL
 * gives "au:scheme:", "au:host:", "au:dom:", "au:tld:" and "au:path:"
 * features (url.c), in namespaces of their own.
 *
 * With AUTHOR_SHAPE, the name's shape too: link spam signs with its
 * keywords ("disney vacation home", "double sink bathroom vanity",
 * "buy like instagram"), new words on every site, where a person signs
 * with a name. A name of two or more words all in lower case (in a
 * script that has capitals) gives "a:shape:lower", one of three or more
 * words "a:shape:words:N" (N 3, or 4 for more). A one-word name says
 * nothing of its own: it is how YouTube and the gambling sets sign
 * their ham, and a comment scored without an author must look like one
 * signed so. Only words with a letter count: the author field of many
 * a blog page carries the comment's date and time ("brigitte
 * 29.04.2019 // 15:27"), which is no keyword.
 */
#include "sc_features.h"

void sc_fam_author(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->author_words;
  size_t words = 0;  /* with a letter */
  int latin = 0;     /* a word of Latin letters (after folding): lower case
                      * says something only in a script that has capitals,
                      * not of a Korean name */
  for (size_t i = 0; i < t->n; i++) {
    unsigned f = t->v[i].flags;
    sc_emit(x, SC_NS_A, t->buf + t->v[i].off, t->v[i].len);
    words += (f & SC_TOK_ALPHA) != 0;
    latin |= (f & SC_TOK_ASCII) && (f & SC_TOK_ALPHA);
  }
  if ((x->p.flags & SPAMCLS_F_AUTHOR_SHAPE) && words > 1) {
    if (words > 2) {
      char b[] = "words:0";
      b[6] = (char)('0' + (words < 4 ? words : 4));
      sc_emit(x, SC_NS_A_SHAPE, b, 7);
    }
    if (!d->author_st->upper && latin)
      sc_emit_str(x, SC_NS_A_SHAPE, "lower");
  }
  if (d->author_url_len)
    sc_url_author(x, d->author_url, d->author_url_len);
}
