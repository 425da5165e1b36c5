/*
 * page_families.c - the comment systems and markup families extraction
 * knows, one small hand-made page each, with a spam comment among real
 * ones: Blogger (current and classic layouts), WordPress with misnested
 * reply lists, reply buttons and "NAME says:" inside the fields, and an
 * old theme without li.comment; Drupal 7 and 8, Discourse, Commento,
 * Isso, Remark42, Coral, Viafoura, phpBB, vBulletin, XenForo and
 * wpDiscuz; comment blocks whose classes are German, bylines "By NAME, on
 * DATE" and dt/dd layouts; blocks repeated in a comment section; and a
 * page with no comments but many things that look like them (live
 * ticker, sidebar teasers, dialogs, sign-in and vote widgets).
 */
#include "page_fixtures.h"

static const want blogger[] = {
  {"Hanna", "May 30, 2019 at 1:06 PM",
   "The mill looks lovely.\nDid you book ahead?", "https://www.blogger.com/profile/1"},
  {"Walks & Mills", "May 30, 2019 at 2:10 PM",
   "Yes, two weeks before.", "https://www.blogger.com/profile/2"},
  {"agen togel", "June 1, 2019 at 3:40 AM",
   "Nice post, very helpful. Visit togel online hari ini", "http://agen-togel.example/"},
};
static const want blogger_classic[] = {
  {"Greta", "January 8, 2010 10:15 AM",
   "We had a snowball fight all afternoon.", "http://www.blogger.com/profile/7"},
  {"Anonymous", "January 9, 2010 2:00 AM",
   "cheap pills online, no prescription needed", NULL},
};
static const want wordpress_misnested[] = {
  {"Pieter", "2024-03-01T09:00:00+00:00",
   "June clashes with the regatta.\nWas that considered?", "https://pieter.example/"},
  {"Festival Team", "2024-03-01T11:30:00+00:00",
   "It was: the regatta moves to July.", NULL},
  {"slot88", "2024-03-02T03:12:00+00:00",
   "Great article, thanks! Play slot gacor maxwin today.", "http://slot88-gacor.example/"},
};
static const want wordpress_old[] = {
  {"Mareike", "8. Dezember 2010 um 10:56",
   "Eine interessante Art, Leber zuzubereiten.\nMuss ich morgen ausprobieren.", NULL},
  {"Georg", "16. M\xc3\xa4" "rz 2011 um 12:22",
   "Und dazu ein guter Wein.", "http://www.weinhandel.example/"},
  {"lana", "9. Dezember 2012 um 12:59",
   "Das sieht lecker aus", NULL},
};
static const want drupal[] = {
  {"Heidemarie Heim", "Di, 21. April 2020 - 16:40",
   "Vielen Dank f\xc3\xbc" "r diese Einblicke!\nEin schweres Thema.", NULL},
  {"Jens", "Di, 21. April 2020 - 18:02",
   "Dem schlie\xc3\x9f" "e ich mich an.", NULL},
  {"casino bonus", "Wed, 22/04/2020 - 02:11",
   "Best online casino bonus 2020, click here", NULL},
};
static const want discourse[] = {
  {"kaito", "Mar 3, 2024 8:15 am",
   "The tram will finally reach the hospital.\nSpring 2026, says the council.", "https://forum.example/u/kaito"},
  {"bola88", "Mar 4, 2024 1:02 am",
   "agen judi bola terpercaya, daftar sekarang", "https://forum.example/u/bola88"},
};
static const want commento[] = {
  {"Mira", "2023-11-04T10:00:00Z",
   "Rye flour made mine twice as lively.", "https://mira.example"},
  {"Anonymous", "2023-11-05T08:00:00Z",
   "Buy cheap viagra online", NULL},
};
static const want isso[] = {
  {"Jonas", "2023-11-06T12:00:00Z",
   "Which hydration did you use?", NULL},
};
static const want remark42[] = {
  {"eliza", "12/1/23 at 8:00",
   "The benchmark table is missing the ARM numbers.", NULL},
  {"anon_7731", "12/2/23 at 1:13",
   "casino online bonus tanpa deposit", NULL},
};
static const want coral[] = {
  {"Dana", "2024-05-02T18:20:00.000Z",
   "Finally some money for the library.\nAnd the pool.", NULL},
  {"slotmaxwin", "2024-05-02T19:00:00.000Z",
   "Daftar slot maxwin gacor hari ini", NULL},
};
static const want viafoura[] = {
  {"Marco R.", "2024-04-14T21:05:00Z",
   "Deserved. We pressed for the whole second half.", NULL},
  {"bet365 bonus", "2024-04-14T22:40:00Z",
   "Claim your free bet bonus now at our site", NULL},
};
static const want phpbb[] = {
  {"ottoheat", "2023-01-09T19:44:12+00:00",
   "The pressure falls from 1.5 to 0.5 bar overnight.\nNo visible leak.", "./memberlist.php?mode=viewprofile&u=12"},
  {"plumb_jo", "2023-01-09T21:02:40+00:00",
   "Check the expansion vessel first.", "./memberlist.php?mode=viewprofile&u=31"},
};
static const want vbulletin[] = {
  {"Kl\xc3\xa4" "rchen", "12-01-2019,\xc2\xa0" "08:14 AM",
   "Which size fits the 2015 model?\nThe manual says two.", "member.php?u=77"},
  {"tyredeals", "12-01-2019,\xc2\xa0" "09:30 AM",
   "Cheap tyres online, free fitting, click our link", "member.php?u=90"},
};
static const want xenforo[] = {
  {"lenka", "2023-06-01T10:12:33+0200",
   "After the update the battery lasts a day less.\nAnyone else?", "/members/lenka.12/"},
  {"tomas", "2023-06-01T11:40:02+0200",
   "Same here, it drains overnight.", "/members/tomas.40/"},
};
static const want wpdiscuz[] = {
  {"Luri", "1. November 2023 10:50",
   "So \xc3\xa4" "hnlich lief es bei mir mit FFXI.\nGrind war hart.", "https://mmo.example/user/luri/"},
  {"Gast", "1. November 2023 11:02",
   "Situs judi online terpercaya, bonus new member 100", NULL},
};
static const want generic_kommentar[] = {
  {"Kritiker2010", "06.11.2023, 13.47 Uhr",
   "Wohl eher ein kleiner Schritt.\nAber immerhin.", NULL},
  {"Nachbarin", "06.11.2023, 15.02 Uhr",
   "Die B\xc3\xa4" "nke sind zu hart.", NULL},
  {"Ruth Adler", "4 March 2021",
   "The square needs trees, not more stone.", NULL},
  {"Hans", "",
   "Und Wasser f\xc3\xbc" "r die Kinder.", NULL},
  {"Karl Mai", "5. M\xc3\xa4" "rz 2021",
   "Der Brunnen fehlt.", NULL},
};
static const want generic_section[] = {
  {"\xe5\xb0\x8f" "\xe9\xb3\xb3", "\xe6\x96\xbc" " 2013/12/28 10:28",
   "\xe9\x9c\xb2" "\xe7\x87\x9f" "\xe5\x85\xbc" "\xe8\xb3\x9e" "\xe6\xa5\x93" "\xef\xbc\x8c" "\xe5\xa5\xbd" "\xe6\xa3\x92" "\xe7\x9a\x84" "\xe7\x94\x9f" "\xe6\xb4\xbb", "http://xiaofeng.example/blog"},
  {"\xe9\x81\x8b" "\xe5\xbd\xa9", "\xe6\x96\xbc" " 2013/12/29 01:02",
   "\xe9\x81\x8b" "\xe5\xbd\xa9" "\xe6\x8a\x95" "\xe6\xb3\xa8" " \xe7\xb7\x9a" "\xe4\xb8\x8a" "\xe5\xa8\x9b" "\xe6\xa8\x82" "\xe5\x9f\x8e" " \xe8\xa8\xbb" "\xe5\x86\x8a" "\xe9\x80\x81" "500", NULL},
};

const struct fixture page_families[] = {
  {"blogger.html", "blogger", blogger, 3},
  {"blogger-classic.html", "blogger", blogger_classic, 2},
  {"wordpress-misnested.html", "wordpress", wordpress_misnested, 3},
  {"wordpress-old.html", "wordpress", wordpress_old, 3},
  {"drupal.html", "drupal", drupal, 3},
  {"discourse.html", "discourse", discourse, 2},
  {"commento.html", "commento", commento, 2},
  {"isso.html", "isso", isso, 1},
  {"remark42.html", "remark42", remark42, 2},
  {"coral.html", "coral", coral, 2},
  {"viafoura.html", "viafoura", viafoura, 2},
  {"phpbb.html", "phpbb", phpbb, 2},
  {"vbulletin.html", "vbulletin", vbulletin, 2},
  {"xenforo.html", "xenforo", xenforo, 2},
  {"wpdiscuz.html", "wpdiscuz", wpdiscuz, 2},
  {"generic-kommentar.html", "generic", generic_kommentar, 5},
  {"generic-section.html", "generic", generic_section, 2},
  {"lookalikes.html", "none", NULL, 0},
};
const size_t page_families_n = sizeof page_families / sizeof *page_families;
