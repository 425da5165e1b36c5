/*
 * author.c - the AUTHOR family: blog spam often hides its keywords and its
 * link in the author fields while the body is bland praise, so the words
 * of the normalized author name become "a:<word>" and the author URL
 * gives "au:scheme:", "au:host:", "au:dom:", "au:tld:" and "au:path:"
 * features (url.c), in namespaces of their own.
 */
#include "sc_features.h"

void sc_fam_author(spamcls_extractor *x, const sc_doc *d)
{
  const sc_toks *t = d->author_words;
  for (size_t i = 0; i < t->n; i++)
    sc_emit(x, SC_NS_A, t->buf + t->v[i].off, t->v[i].len);
  if (d->author_url_len)
    sc_url_author(x, d->author_url, d->author_url_len);
}
