/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* What the two crash soaks (bench/crash-soak.sh) share: the check of a
 * database after a kill. Waiting for the store's check and for a sync
 * comes from tests/mnr-test-util.h (mnr_test_check_store(),
 * mnr_test_run_sync()). */

G_BEGIN_DECLS

gboolean soak_integrity_ok (const char *db_path);

G_END_DECLS
