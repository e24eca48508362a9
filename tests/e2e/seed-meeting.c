/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prepares a store for tests/e2e/test_presentation.py: Ghana's round with
 * capability 4 rated, and a meeting of its oversight committee with an
 * agenda of three items.
 *
 *   mnr-test-seed-meeting DIR
 */
#include "config.h"

#include "mnr-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrRound) round = NULL;
  MnrMeeting meeting = {
    .country = (char *) "GH",
    .title = (char *) "Oversight committee, March",
    .date = (char *) "2027-03-04",
    .place = (char *) "Accra",
    .attendees = (char *) "Ama Owusu (chair)\nKwame Mensah (Ghana Police Service)",
    .apologies = (char *) "Efua Asante (Ministry of Education)",
    .agenda_kind = (char *) "items",
    .agenda = (char *[]) { (char *) "capability-4", (char *) "capability-1", (char *) "enabler-legal-frameworks", NULL },
  };

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }

  dir = g_file_new_for_path (argv[1]);
  if ((store = mnr_store_open (dir, &error)) == NULL)
    goto fail;
  mnr_store_set_author (store, "e2e test");

  if (!(round = mnr_store_create_round (store, "GH", "Review 2027", "2027-01-15", &error)) ||
      !mnr_store_set_rating (store, round->id, "capability-4", "developing", "A unit works in Accra.", &error) ||
      !mnr_store_save_meeting (store, &meeting, &error))
    goto fail;

  g_free (meeting.id);
  mnr_store_close (store);
  return 0;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}
